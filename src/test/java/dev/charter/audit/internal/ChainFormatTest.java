package dev.charter.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.audit.AuditVerification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canonical encoding, the chain rules and the key files, without a database. */
class ChainFormatTest {

    static final HexFormat HEX = HexFormat.of();

    @Test
    void fieldsAreLengthPrefixedSoBoundariesCannotShift() {
        assertThat(Canonical.of("d").text("ab").text("c").sha256()).isNotEqualTo(Canonical.of("d").text("a").text("bc").sha256());
        assertThat(Canonical.of("d").text(null).sha256()).isNotEqualTo(Canonical.of("d").text("").sha256());
        assertThat(Canonical.of("d").bytes(null).text("x").sha256()).isNotEqualTo(Canonical.of("d").text("x").bytes(null).sha256());
        Map<String, String> one = new LinkedHashMap<>();
        one.put("b", "2");
        one.put("a", "1");
        assertThat(Canonical.of("d").map(one).sha256()).isEqualTo(Canonical.of("d").map(Map.of("a", "1", "b", "2")).sha256());
        assertThat(Canonical.of("d").map(Map.of("a", "1b")).sha256()).isNotEqualTo(Canonical.of("d").map(Map.of("a1", "b")).sha256());
    }

    @Test
    void theRowHashIsPinned() {
        // a fixed row gives a fixed hash: changing the encoding would make every exported bundle unverifiable
        ChainRow row = new ChainRow(7, new byte[32], null, Instant.parse("2025-01-02T03:04:05.123456Z"),
                UUID.fromString("00000000-0000-0000-0000-000000000001"), new byte[32], null, "identity.signin.succeeded",
                "account", Map.of("reason", "x"));
        byte[] hash = ChainLink.hashOf(7, row.prevHash(), row.contentDigest());
        assertThat(HEX.formatHex(Canonical.of("d").int64(1).toBytes())).isEqualTo("00000001640000000800000000000000" + "01");
        assertThat(HEX.formatHex(hash)).isEqualTo(PINNED);
        assertThat(ChainRow.micros(Instant.parse("2025-01-02T03:04:05.123456Z"))).isEqualTo(1735787045123456L);
        assertThat(ChainRow.fromMicros(1735787045123456L)).isEqualTo(Instant.parse("2025-01-02T03:04:05.123456Z"));
    }

    /** Computed independently with the short Python script in docs/audit.md. */
    static final String PINNED = "ce01431843bdd1048db78a729e90eff82282b66865e78fa422900ca76f4c7cf1";

    @Test
    void theVerifierNamesTheRow() {
        List<ChainRow> rows = chain(5);
        assertThat(verify(rows).intact()).isTrue();

        List<ChainRow> changed = new ArrayList<>(rows);
        ChainRow r = rows.get(2);
        changed.set(2, new ChainRow(r.id(), r.prevHash(), r.hash(), r.occurredAt(), r.org(), r.actor(), r.subject(),
                "test.other", r.target(), r.details()));
        AuditVerification v = verify(changed);
        assertThat(v.firstFailingRowId()).isEqualTo(3);
        assertThat(v.problems()).singleElement().extracting(AuditVerification.Problem::kind).isEqualTo(AuditVerification.Kind.CHANGED);

        List<ChainRow> gap = new ArrayList<>(rows);
        gap.remove(1);
        assertThat(verify(gap).problems()).singleElement().satisfies(p -> {
            assertThat(p.rowId()).isEqualTo(2);
            assertThat(p.kind()).isEqualTo(AuditVerification.Kind.MISSING);
        });

        List<ChainRow> moved = new ArrayList<>(rows);
        moved.set(3, rows.get(4));
        moved.set(4, rows.get(3));
        AuditVerification m = verify(moved);
        assertThat(m.firstFailingRowId()).isEqualTo(4);
        assertThat(m.problems()).extracting(AuditVerification.Problem::kind).contains(AuditVerification.Kind.OUT_OF_ORDER);

        List<ChainRow> headless = rows.subList(1, rows.size());
        assertThat(verify(headless).problems()).singleElement().satisfies(p -> {
            assertThat(p.rowId()).isEqualTo(1);
            assertThat(p.kind()).isEqualTo(AuditVerification.Kind.MISSING);
        });
    }

    @Test
    void keyFilesAreCreatedOnceAndPrivate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys").resolve("k.key");
        String first = AuditKeys.readOrCreate(file, () -> "one");
        String second = AuditKeys.readOrCreate(file, () -> "two");
        assertThat(first).isEqualTo(second).isEqualTo("one\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.list(file.getParent())).hasSize(1);
        // a generated signing key reads back and signs
        var pair = AuditKeys.parseSigningKey(AuditKeys.newSigningKey());
        Checkpoint cp = Checkpoint.sign(1, new byte[32], Instant.now(), "k", pair.getPrivate());
        assertThat(cp.verifies(pair.getPublic())).isTrue();
        assertThat(new Checkpoint(2, cp.lastHash(), cp.signedAt(), "k", cp.signature()).verifies(pair.getPublic())).isFalse();
    }

    static List<ChainRow> chain(int n) {
        List<ChainRow> rows = new ArrayList<>();
        byte[] prev = new byte[32];
        for (int i = 1; i <= n; i++) {
            ChainRow content = new ChainRow(i, prev, null, Instant.ofEpochSecond(1_700_000_000L + i), null, null, null,
                    "test.row", "n:" + i, Map.of());
            byte[] hash = ChainLink.hashOf(i, prev, content.contentDigest());
            rows.add(new ChainRow(i, prev, hash, content.occurredAt(), null, null, null, "test.row", "n:" + i, Map.of()));
            prev = hash;
        }
        return rows;
    }

    static AuditVerification verify(List<ChainRow> rows) {
        ChainVerifier v = new ChainVerifier(Map.of(), List.of(), ChainVerifier.Anchor.GENESIS);
        rows.forEach(r -> v.accept(r.link()));
        return v.finish();
    }
}
