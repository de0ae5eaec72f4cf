package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.egress.DlpAction;
import dev.charter.egress.internal.dlp.DlpCorpus;
import dev.charter.egress.internal.dlp.ProviderCorpus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * EGR-4 end to end: the provider-format corpus through the gateway's HTTP side (a JSON body, an AI request body) and
 * its mail side (GreenMail as the SMTP server). Blocking stops at least 95% of the planted credentials on every path
 * and refuses at most 5% of what it refuses wrongly; replacing leaves no planted credential in the bytes that
 * arrive, in any of the encodings it was sent in, and keeps a JSON body valid JSON.
 */
class DlpPathsTest {

    static final double FLOOR = 0.95;

    @Test
    @Tag("claim:EGR-4")
    void everyPathBlocksTheProviderCorpusWithPrecisionAndRecallAboveTheFloor() {
        List<ProviderCorpus.Sample> samples = ProviderCorpus.load();
        try (DlpPaths paths = new DlpPaths(DlpAction.BLOCK)) {
            Map<String, DlpCorpus.Score> scores = paths.scoreAll(samples);
            scores.forEach((path, score) -> {
                assertThat(score.recall()).as("%s recall; missed: %s", path, score.missed()).isGreaterThanOrEqualTo(FLOOR);
                assertThat(score.precision()).as("%s precision; false alarms: %s", path, score.falseAlarms())
                        .isGreaterThanOrEqualTo(FLOOR);
            });
            // what was not refused really went out, once each
            int refusedHttp = refused(scores.get("HTTP JSON body"));
            int refusedAi = refused(scores.get("AI request body"));
            assertThat(paths.http.received).hasSize(2 * samples.size() - refusedHttp - refusedAi);
            assertThat(paths.smtp.getReceivedMessages()).hasSize(samples.size() - refused(scores.get("SMTP")));
        }
    }

    private static int refused(DlpCorpus.Score s) {
        return s.truePositives() + s.falsePositives();
    }

    @Test
    @Tag("claim:EGR-4")
    void replacingTakesThePlantedCredentialOutOfTheBytesThatArriveAndKeepsJsonValid() {
        List<ProviderCorpus.Sample> positives = ProviderCorpus.load().stream().filter(ProviderCorpus.Sample::positive)
                .filter(s -> DlpPaths.BODIES.contains(s.carrier())).toList();
        assertThat(positives).hasSizeGreaterThan(100);
        JsonMapper json = JsonMapper.builder().build();
        try (DlpPaths paths = new DlpPaths(DlpAction.REPLACE)) {
            int leaked = 0;
            for (ProviderCorpus.Sample s : positives) {
                paths.http.received.clear();
                assertThat(paths.refusedOverHttp(s)).isFalse();
                assertThat(paths.http.received).hasSize(1);
                String arrived = new String(paths.http.received.get(0).body(), StandardCharsets.UTF_8);
                if (arrived.contains(s.covers()) || arrived.contains(s.secret())) {
                    leaked++;
                }
                if (!s.carrier().equals("form") && !s.carrier().equals("multipart")) {
                    assertThat(json.readTree(arrived)).as("%s still JSON", s.id()).isNotNull();
                }
            }
            assertThat(leaked).as("credentials that arrived").isLessThanOrEqualTo((int) (positives.size() * (1 - FLOOR)));
        }
    }
}
