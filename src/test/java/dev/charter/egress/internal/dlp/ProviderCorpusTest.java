package dev.charter.egress.internal.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The scanner on the provider-format corpus: FAKE credentials in every format the providers document, carried in
 * JSON with escapes, forms, emails with MIME encodings, logs, configs and curl commands, against hard negatives in
 * the same carriers. The same floors as the first corpus; the end-to-end figures per path are in
 * {@code DlpPathsTest}.
 */
class ProviderCorpusTest {

    @Test
    @Tag("claim:EGR-4")
    void precisionAndRecallOnProviderFormatsStayAboveTheirFloors() {
        List<ProviderCorpus.Sample> samples = ProviderCorpus.load();
        assertThat(samples.stream().filter(ProviderCorpus.Sample::positive).count()).isGreaterThanOrEqualTo(300);
        assertThat(samples.stream().filter(s -> !s.positive()).count()).isGreaterThanOrEqualTo(200);

        DlpCorpus.Score score = ProviderCorpus.score(DlpScanner.withSecretPatterns(), samples);

        assertThat(score.recall()).as("recall; missed: %s", score.missed()).isGreaterThanOrEqualTo(DlpCorpusTest.RECALL_FLOOR);
        assertThat(score.precision()).as("precision; false alarms: %s", score.falseAlarms())
                .isGreaterThanOrEqualTo(DlpCorpusTest.PRECISION_FLOOR);
    }

    @Test
    void theCorpusIsExactlyWhatItsSeededGeneratorWrites() {
        ProviderCorpusGenerator g = new ProviderCorpusGenerator();
        assertThat(ProviderCorpus.raw("positives.jsonl")).isEqualTo(ProviderCorpusGenerator.jsonl(g.positives()));
        assertThat(ProviderCorpus.raw("negatives.jsonl")).isEqualTo(ProviderCorpusGenerator.jsonl(g.negatives()));
    }
}
