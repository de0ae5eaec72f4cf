package dev.charter.egress.internal.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.shared.OrgId;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each documented secret format is found, in context, covering exactly the secret; near misses are not. */
class SecretPatternsTest {

    private static final FakeSecrets fake = new FakeSecrets(7);
    private final DlpScanner scanner = DlpScanner.withSecretPatterns();

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of("aws-key-id", (Supplier<String>) fake::awsKeyId),
                Arguments.of("github", (Supplier<String>) fake::githubClassic),
                Arguments.of("github", (Supplier<String>) fake::githubFineGrained),
                Arguments.of("gitlab", (Supplier<String>) fake::gitlab),
                Arguments.of("slack", (Supplier<String>) fake::slackBot),
                Arguments.of("slack", (Supplier<String>) fake::slackUser),
                Arguments.of("slack", (Supplier<String>) fake::slackApp),
                Arguments.of("slack", (Supplier<String>) fake::slackLegacyApp),
                Arguments.of("slack-webhook", (Supplier<String>) fake::slackWebhook),
                Arguments.of("stripe", (Supplier<String>) fake::stripe),
                Arguments.of("anthropic", (Supplier<String>) fake::anthropic),
                Arguments.of("openai", (Supplier<String>) fake::openaiProject),
                Arguments.of("openai", (Supplier<String>) fake::openaiLegacy),
                Arguments.of("google-api-key", (Supplier<String>) fake::googleApiKey),
                Arguments.of("private-key", (Supplier<String>) fake::privateKeyPem),
                Arguments.of("jwt", (Supplier<String>) fake::jwt));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    @Tag("claim:EGR-4")
    void findsEachFormatInContextCoveringExactlyTheSecret(String kind, Supplier<String> secret) {
        for (String template : List.of("%s", "{\"token\":\"%s\",\"n\":1}", "Authorization: Bearer %s", "KEY=%s\nNEXT=1",
                "see <%s>.", "curl -H 'X: %s' https://example.com", "'%s'")) {
            String s = secret.get();
            String text = template.formatted(s);
            List<Finding> found = scanner.scan(text);
            assertThat(found).as(text).hasSize(1);
            Finding f = found.get(0);
            assertThat(f.kind()).as(text).isEqualTo(kind);
            assertThat(text.substring(f.start(), f.end())).as(text).isEqualTo(s);
        }
    }

    @Test
    @Tag("claim:EGR-4")
    void findsSecretsAssignedToTellingNames() {
        String aws = fake.awsSecretKey();
        assertKind("aws_secret_access_key = " + aws, "aws-secret-key", aws);
        assertKind("{\"SecretAccessKey\": \"" + aws + "\"}", "aws-secret-key", aws);
        String pw = "Xq7#mP2!vL9@wR4z";
        assertKind("password=" + pw, "secret", pw);
        assertKind("DB_PASSWORD: \"" + pw + "\"", "secret", pw);
        assertKind("{\"client_secret\":\"" + pw + "\"}", "secret", pw);
        assertKind("api_key => '" + pw + "'", "secret", pw);
        assertKind("secret: " + fake.hexSecret(32), "secret", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "password=changeme", "password: ${DB_PASSWORD}", "api_key: \"<your-api-key>\"", "secret: true",
            "password = hunter2", "apiKey:this.apiKey", "e.apiKey=t.apiKey||\"\"", "secret=process.env.SECRET_VALUE",
            "password_reset_url=https://example.com/reset?x=1", "the password is long enough for anyone",
            "AKIAIOSFODNN7EXAMPL", "AKIA1234567890123456X", "ghp_tooShort123", "xoxb-your-token-here",
            "sk_live_", "sk-learn is a library", "sk-ant-not-a-key", "AIzaShort", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----",
            "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----", "eyJhbGciOiJIUzI1NiJ9", "550e8400-e29b-41d4-a716-446655440000",
            "commit 3f786850e387550fdab836ed7e6dc881de23001b", "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "https://hooks.slack.com/", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
            "secretsManagerArn=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
            "Xghp_abcdefghijklmnopqrstuvwxyz0123456789", "AIzaSyA-1234567890abcdefghijklmnopqrstu9"})
    void leavesNearMissesAlone(String text) {
        assertThat(scanner.scan(text)).as(text).isEmpty();
    }

    @Test
    void aJwtNeedsAJsonHeaderNamingItsAlgorithm() {
        String jwt = fake.jwt();
        assertThat(scanner.scan(jwt)).hasSize(1);
        String notJson = "eyJub3QganNvbiBhdCBhbGw." + jwt.substring(jwt.indexOf('.') + 1);
        assertThat(scanner.scan(notJson)).isEmpty();
    }

    @Test
    void aCutOffPrivateKeyIsStillCoveredToTheEnd() {
        String pem = fake.privateKeyPem();
        String cut = "key: " + pem.substring(0, pem.length() / 2);
        List<Finding> found = scanner.scan(cut);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).end()).isEqualTo(cut.length());
    }

    @Test
    @Tag("claim:EGR-4")
    void replacementKeepsEverythingElseAndUsesAKeyedAliasPerOrganization() {
        Aliases aliases = new Aliases("a-32-byte-server-key-for-the-test".getBytes());
        OrgId one = OrgId.random();
        OrgId two = OrgId.random();
        String token = fake.githubClassic();
        String text = "{\"note\":\"héllo\",\"token\":\"" + token + "\",\"again\":\"" + token + "\"}";
        List<Finding> found = scanner.scan(text);
        String replaced = Redactor.replace(text, found, f -> aliases.alias(one, f.kind(), text.substring(f.start(), f.end())));
        assertThat(replaced).doesNotContain(token).startsWith("{\"note\":\"héllo\",\"token\":\"[secret:github:");
        String alias = aliases.alias(one, "github", token);
        assertThat(alias).matches("\\[secret:github:[0-9a-f]{12}]");
        assertThat(replaced).isEqualTo("{\"note\":\"héllo\",\"token\":\"" + alias + "\",\"again\":\"" + alias + "\"}");
        assertThat(aliases.alias(two, "github", token)).isNotEqualTo(alias);
        // not a plain hash of the secret: without the server key the alias cannot be recomputed
        assertThat(new Aliases("another-32-byte-server-key-000000".getBytes()).alias(one, "github", token)).isNotEqualTo(alias);
    }

    @Test
    void hostileInputIsScannedInOnePassWithoutBlowingUp() {
        // Patterns that would backtrack catastrophically in a backtracking engine; RE2J stays linear.
        String[] hostile = {
                "ghp_" + "a".repeat(200_000) + "!",
                "password=" + "a1".repeat(100_000),
                "-----BEGIN PRIVATE KEY-----" + "A".repeat(200_000),
                "eyJ" + "a".repeat(100_000) + "." + "b".repeat(100_000),
                ("aglpat-" + "x".repeat(30)).repeat(5_000),
                "xoxb-1-".repeat(30_000),
                "secret=".repeat(30_000)};
        for (String text : hostile) {
            scanner.scan(text);
        }
        ExactMatchDetector exact = new ExactMatchDetector(CredentialFingerprints.NONE, null);
        scanner.scan("a=b&".repeat(100_000), List.of(exact));
    }

    private void assertKind(String text, String kind, String secret) {
        List<Finding> found = scanner.scan(text);
        assertThat(found).as(text).hasSize(1);
        assertThat(found.get(0).kind()).as(text).isEqualTo(kind);
        if (secret != null) {
            assertThat(text.substring(found.get(0).start(), found.get(0).end())).isEqualTo(secret);
        }
    }
}
