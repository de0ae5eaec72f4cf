package dev.charter.egress.internal.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A stored credential is found however it is wrapped: raw, in a URL, percent-encoded, JSON-escaped, base64, user:password. */
class ExactMatchDetectorTest {

    static final String PASSWORD = "correct-horse-battery";
    static final String WEBHOOK = "https://hooks.example.com/services/T000/B000/abcdefghijklmnop";

    /** Fingerprints by plain lookup; the keyed hashing is the vault's business. */
    static CredentialFingerprints stored(Map<String, String> byPlaintext) {
        return new CredentialFingerprints() {
            @Override
            public String match(String candidate) {
                return byPlaintext.get(candidate);
            }

            @Override
            public boolean plausibleLength(int length) {
                return byPlaintext.keySet().stream().anyMatch(p -> p.length() == length);
            }
        };
    }

    private final CredentialFingerprints fp = stored(Map.of(PASSWORD, "cred-1", WEBHOOK, "cred-2", "svc-user:s3cr3t-pass", "cred-3"));

    private List<Finding> find(String text, String allowed) {
        return new DlpScanner(List.of()).scan(text, List.of(new ExactMatchDetector(fp, allowed)));
    }

    @Test
    @Tag("claim:EGR-4")
    void findsAStoredCredentialInEveryUsualWrapping() {
        String basic = Base64.getEncoder().encodeToString("svc-user:s3cr3t-pass".getBytes(StandardCharsets.UTF_8));
        for (String text : List.of(
                PASSWORD,
                "{\"note\":\"the password is " + PASSWORD + "\"}",
                "password=" + PASSWORD + "&user=x",
                "https://api.example.com/login?pw=" + PASSWORD,
                "pw:" + PASSWORD,
                "forward to " + WEBHOOK + ".",
                "{\"url\":\"" + WEBHOOK.replace("/", "\\/") + "\"}",
                "target=" + URLEncoder.encode(WEBHOOK, StandardCharsets.UTF_8),
                "Authorization: Basic " + basic,
                "login svc-user:s3cr3t-pass now",
                "encoded " + Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)))) {
            List<Finding> found = find(text, null);
            assertThat(found).as(text).hasSize(1);
            assertThat(found.get(0).kind()).isEqualTo("credential");
            assertThat(found.get(0).credential()).isIn("cred-1", "cred-2", "cred-3");
        }
    }

    @Test
    void aCredentialGoingToItsOwnConnectionIsNotAFinding() {
        assertThat(find("password=" + PASSWORD, "cred-1")).isEmpty();
        assertThat(find("password=" + PASSWORD, "cred-2")).hasSize(1);
    }

    @Test
    void otherTextIsLeftAlone() {
        assertThat(find("correct-horse-battery-staple and correct horse battery", null)).isEmpty();
        assertThat(find("nothing stored here at all, " + "x".repeat(5000), null)).isEmpty();
        assertThat(new DlpScanner(List.of()).scan(PASSWORD, List.of(new ExactMatchDetector(CredentialFingerprints.NONE, null))))
                .isEmpty();
    }
}
