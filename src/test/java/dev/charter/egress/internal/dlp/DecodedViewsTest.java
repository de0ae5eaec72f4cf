package dev.charter.egress.internal.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Secrets hidden by the encoding of the body they travel in are found at the bytes that carry them, replacing them
 * keeps the body well formed, and placeholders in a secret's format are not findings.
 */
class DecodedViewsTest {

    private final DlpScanner scanner = DlpScanner.withSecretPatterns();
    private final FakeSecrets fake = new FakeSecrets(46);

    private void coversExactly(String text, String encoded) {
        int at = text.indexOf(encoded);
        assertThat(at).as("the sample holds the encoded secret").isGreaterThanOrEqualTo(0);
        assertThat(scanner.scan(text)).as(text).anySatisfy(f -> {
            assertThat(f.start()).isEqualTo(at);
            assertThat(f.end()).isEqualTo(at + encoded.length());
        });
    }

    @Test
    @Tag("claim:EGR-4")
    void aTokenAfterAnEscapedLineBreakInJsonIsFoundWithoutTheEscape() {
        String token = fake.githubClassic();
        coversExactly("{\"text\":\"deploy notes:\\n" + token + "\\nthanks\"}", token);
        String jwt = fake.jwt();
        coversExactly("{\"log\":\"got\\t" + jwt + "\\r\\n\"}", jwt);
    }

    @Test
    @Tag("claim:EGR-4")
    void anAssignmentBehindEscapedQuotesIsFoundAndReplacingKeepsTheJsonValid() {
        String password = fake.password();
        String inner = "{\"user\":\"ops\",\"password\":\"" + password + "\"}";
        String body = JsonMapper.builder().build().writeValueAsString(java.util.Map.of("payload", inner));
        List<Finding> found = scanner.scan(body);
        assertThat(found).isNotEmpty();
        String replaced = Redactor.replace(body, found, f -> "[secret:" + f.kind() + ":0123456789ab]");
        assertThat(replaced).doesNotContain(password);
        String decoded = JsonMapper.builder().build().readTree(replaced).get("payload").asString();
        assertThat(JsonMapper.builder().build().readTree(decoded).get("password").asString()).startsWith("[secret:");
    }

    @Test
    @Tag("claim:EGR-4")
    void formQuotedPrintableAndBase64EncodingsDoNotHideASecret() {
        String token = fake.slackBot();
        coversExactly("channel=ops&text=key%3A%0A" + token.replace("-", "%2D") + "&as_user=true", token.replace("-", "%2D"));
        String qp = "Content-Transfer-Encoding: quoted-printable\r\n\r\nkey: " + token.substring(0, 20) + "=\r\n" + token.substring(20);
        coversExactly(qp, token.substring(0, 20) + "=\r\n" + token.substring(20));
        String b64 = Base64.getEncoder().encodeToString(("the token is " + token + "\n").getBytes());
        coversExactly("{\"content\":\"" + b64 + "\"}", b64);
    }

    @ParameterizedTest
    @Tag("claim:EGR-4")
    @ValueSource(strings = {"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
            "AKIAXXXXXXXXXXXXXXXX", "AKIAIOSFODNN7EXAMPLE", "api_key: <your-token>", "token: {{ secrets.TOKEN }}",
            "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "npm_abcdefghijklmnopqrstuvwxyz0123456789",
            "sk-proj-REDACTED-REDACTED-REDACTED-REDACTED-REDACTED", "xoxb-123456789012-1234567890123-dummydummydummydummy12",
            "postgres://app:password@db:5432/app", "Authorization: Bearer ${TOKEN}"})
    void placeholdersInASecretsFormatAreNotFindings(String placeholder) {
        assertThat(scanner.scan("config: " + placeholder + "\n")).isEmpty();
        assertThat(scanner.scan("{\"value\":\"" + placeholder.replace("\"", "\\\"") + "\\n\"}")).isEmpty();
    }
}
