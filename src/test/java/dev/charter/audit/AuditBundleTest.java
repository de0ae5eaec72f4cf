package dev.charter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * AUD-2 offline: an organization exports a bundle and verifies it with the command-line verifier,
 * without the server. A changed, removed or reordered row in the bundle is named; other
 * organizations' rows travel only as hashes.
 */
@CharterTest
class AuditBundleTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort int port;
    @Autowired AuditChain chain;
    @TempDir Path dir;

    @Test
    @Tag("claim:AUD-2")
    void anExportedBundleVerifiesOfflineAndTamperingIsNamed() throws Exception {
        Tenant a = Tenant.signUp(port);
        Tenant b = Tenant.signUp(port);
        String bCanary = "canary-b-" + UUID.randomUUID();
        b.api().postJson("/api/v1/account/tokens", Map.of("name", "x"));
        b.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER", "email", bCanary + "@example.test"));
        for (int i = 0; i < 3; i++) {
            a.api().postJson("/api/v1/account/tokens", Map.of("name", "a" + i));
        }
        chain.signCheckpoint();
        a.api().postJson("/api/v1/account/tokens", Map.of("name", "after the checkpoint"));

        var export = a.api().get("/api/v1/audit/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Disposition")).contains("attachment");
        String text = export.body();
        assertThat(text).doesNotContain(bCanary).doesNotContain(b.org().value().toString()).doesNotContain(b.email());
        ObjectNode bundle = (ObjectNode) JSON.readTree(text);
        ArrayNode rows = (ArrayNode) bundle.get("rows");
        assertThat(rows).anySatisfy(r -> assertThat(r.has("redacted")).isTrue());
        assertThat(bundle.get("checkpoints")).isNotEmpty();
        String key = bundle.get("publicKeys").get(0).get("x509").asString();

        Result ok = verify(bundle, "--audit-key=" + key);
        assertThat(ok.status()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("INTACT").contains("signed up to row");
        assertThat(verify(bundle).status()).as("with the key inside the bundle").isZero();

        // a row of A's, changed
        int ownIndex = indexOfOwnRow(rows, 1);
        long ownId = rows.get(ownIndex).get("id").asLong();
        ObjectNode changed = bundle.deepCopy();
        ((ObjectNode) changed.get("rows").get(ownIndex)).put("action", "identity.nothing-happened");
        Result c = verify(changed, "--audit-key=" + key);
        assertThat(c.status()).isEqualTo(1);
        assertThat(c.out()).contains("DAMAGED: first failing row " + ownId).contains("row " + ownId + " CHANGED");

        // a row removed
        ObjectNode removed = bundle.deepCopy();
        ((ArrayNode) removed.get("rows")).remove(ownIndex);
        Result r = verify(removed, "--audit-key=" + key);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("first failing row " + ownId).contains("row " + ownId + " MISSING");

        // two rows swapped
        ObjectNode swapped = bundle.deepCopy();
        ArrayNode sr = (ArrayNode) swapped.get("rows");
        JsonNode first = sr.get(ownIndex);
        sr.set(ownIndex, sr.get(ownIndex + 1));
        sr.set(ownIndex + 1, first);
        Result s = verify(swapped, "--audit-key=" + key);
        assertThat(s.status()).isEqualTo(1);
        assertThat(s.out()).contains("OUT_OF_ORDER");

        // a redacted row's link altered
        int otherIndex = indexOfRedacted(rows);
        ObjectNode relinked = bundle.deepCopy();
        ((ObjectNode) relinked.get("rows").get(otherIndex)).put("contentDigest", "00".repeat(32));
        Result l = verify(relinked, "--audit-key=" + key);
        assertThat(l.status()).isEqualTo(1);
        assertThat(l.out()).contains("row " + rows.get(otherIndex).get("id").asLong() + " CHANGED");

        // checkpoints checked against a key the server never had do not count
        ObjectNode forgedKey = bundle.deepCopy();
        String attacker = Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        Result k = verify(forgedKey, "--audit-key=" + attacker);
        assertThat(k.status()).isEqualTo(1);
        assertThat(k.out()).contains("UNKNOWN_KEY");

        // nonsense is refused as such
        Files.writeString(dir.resolve("junk.json"), "{\"format\":\"something else\"}");
        assertThat(run("--audit-verify=" + dir.resolve("junk.json")).status()).isEqualTo(2);
        assertThat(run("--audit-verify=" + dir.resolve("missing.json")).status()).isEqualTo(2);
        assertThat(run("--audit-verify=" + dir.resolve("junk.json"), "--audit-key=not-a-key").status()).isEqualTo(2);
    }

    private int indexOfOwnRow(ArrayNode rows, int skip) {
        int seen = 0;
        for (int i = 0; i < rows.size() - 1; i++) {
            if (!rows.get(i).has("redacted") && seen++ == skip) {
                return i;
            }
        }
        throw new AssertionError("no own row in " + rows);
    }

    private int indexOfRedacted(ArrayNode rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).has("redacted")) {
                return i;
            }
        }
        throw new AssertionError("no redacted row in " + rows);
    }

    record Result(int status, String out) {}

    private Result verify(JsonNode bundle, String... more) throws Exception {
        Path file = Files.createTempFile(dir, "bundle", ".json");
        Files.writeString(file, JSON.writeValueAsString(bundle));
        String[] args = new String[more.length + 1];
        args[0] = "--audit-verify=" + file;
        System.arraycopy(more, 0, args, 1, more.length);
        return run(args);
    }

    private static Result run(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = AuditBundleCommand.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new Result(status, buf.toString(StandardCharsets.UTF_8));
    }
}
