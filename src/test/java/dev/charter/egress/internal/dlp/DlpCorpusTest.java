package dev.charter.egress.internal.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The detector measured on the labelled corpus: FAKE secrets in real formats against hard look-alikes. Floors, not
 * targets: a change that costs precision or recall below them fails the build.
 */
class DlpCorpusTest {

    static final double PRECISION_FLOOR = 0.95;
    static final double RECALL_FLOOR = 0.95;

    @Test
    @Tag("claim:EGR-4")
    void precisionAndRecallStayAboveTheirFloors() {
        List<DlpCorpus.Sample> samples = DlpCorpus.load();
        assertThat(samples.stream().filter(DlpCorpus.Sample::positive).count()).isGreaterThanOrEqualTo(200);
        assertThat(samples.stream().filter(s -> !s.positive()).count()).isGreaterThanOrEqualTo(300);

        DlpCorpus.Score score = DlpCorpus.score(DlpScanner.withSecretPatterns(), samples);

        assertThat(score.recall()).as("recall; missed: %s", score.missed()).isGreaterThanOrEqualTo(RECALL_FLOOR);
        assertThat(score.precision()).as("precision; false alarms: %s", score.falseAlarms()).isGreaterThanOrEqualTo(PRECISION_FLOOR);
    }
}
