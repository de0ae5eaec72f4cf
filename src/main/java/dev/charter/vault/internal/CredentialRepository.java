package dev.charter.vault.internal;

import dev.charter.shared.OrgId;
import dev.charter.vault.CredentialInfo;
import dev.charter.vault.SecretFingerprint;
import dev.charter.vault.SecretRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the vault tables. Tenant queries take the organization first; rotation queries are a documented kernel job. */
@Repository
class CredentialRepository {

    record NewCredential(SecretRef ref, String kind, String label, Envelope.Sealed sealed, String fingerprint, Instant at) {}

    record SealedRow(SecretRef ref, byte[] ciphertext, byte[] wrappedKey) {}

    private final JdbcClient jdbc;

    CredentialRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OrgId org, NewCredential c) {
        jdbc.sql("""
                insert into vault_credential (org_id, id, purpose, kind, label, ciphertext, wrapped_key,
                                              master_key_version, fingerprint, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(org.value(), c.ref().credentialId(), c.ref().purpose(), c.kind(), c.label(),
                        c.sealed().ciphertext(), c.sealed().wrappedKey(), c.sealed().masterKeyVersion(), c.fingerprint(),
                        Timestamp.from(c.at()))
                .update();
    }

    void insertFingerprint(OrgId org, UUID credentialId, String variant, int length, String hmac) {
        jdbc.sql("insert into vault_fingerprint (org_id, credential_id, variant, length, hmac) values (?, ?, ?, ?, ?)")
                .params(org.value(), credentialId, variant, length, hmac).update();
    }

    /** Deletes the row, its ciphertext and fingerprints. */
    int delete(OrgId org, SecretRef ref) {
        return jdbc.sql("delete from vault_credential where org_id = ? and id = ? and purpose = ?")
                .params(org.value(), ref.credentialId(), ref.purpose()).update();
    }

    Optional<CredentialInfo> info(OrgId org, SecretRef ref) {
        return jdbc.sql("""
                select org_id, id, purpose, label, kind, fingerprint, created_at, last_used_at
                from vault_credential where org_id = ? and id = ? and purpose = ?""")
                .params(org.value(), ref.credentialId(), ref.purpose())
                .query(CredentialRepository::info).optional();
    }

    List<CredentialInfo> list(OrgId org) {
        return jdbc.sql("""
                select org_id, id, purpose, label, kind, fingerprint, created_at, last_used_at
                from vault_credential where org_id = ? order by created_at, id""")
                .param(org.value()).query(CredentialRepository::info).list();
    }

    /** How stale a credential's "last used" may get: it is written at most once a minute. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    /**
     * Returns what decrypts the credential and marks it used, in one statement. The mark is written only when the
     * one stored is older than {@link #LAST_USED_RESOLUTION}: a busy credential would otherwise rewrite its row on
     * every request, and every request would wait for the one before it to commit that row.
     */
    Optional<SealedRow> markUsed(OrgId org, SecretRef ref, Instant at) {
        return jdbc.sql("""
                with touched as (
                    update vault_credential set last_used_at = ?
                    where org_id = ? and id = ? and purpose = ? and (last_used_at is null or last_used_at < ?)
                    returning id)
                select ciphertext, wrapped_key from vault_credential
                where org_id = ? and id = ? and purpose = ?""")
                .params(Timestamp.from(at), org.value(), ref.credentialId(), ref.purpose(),
                        Timestamp.from(at.minus(LAST_USED_RESOLUTION)), org.value(), ref.credentialId(), ref.purpose())
                .query((rs, n) -> new SealedRow(ref, rs.getBytes(1), rs.getBytes(2))).optional();
    }

    record LockedRow(SealedRow sealed, String kind) {}

    /** The sealed value and kind of a credential, its row locked until the transaction ends. */
    Optional<LockedRow> lock(OrgId org, SecretRef ref) {
        return jdbc.sql("""
                select ciphertext, wrapped_key, kind from vault_credential
                where org_id = ? and id = ? and purpose = ? for update""")
                .params(org.value(), ref.credentialId(), ref.purpose())
                .query((rs, n) -> new LockedRow(new SealedRow(ref, rs.getBytes(1), rs.getBytes(2)), rs.getString(3)))
                .optional();
    }

    /** A new sealed value for the same credential; its fingerprints are replaced by the caller. */
    void updateSealed(OrgId org, SecretRef ref, Envelope.Sealed sealed, String fingerprint, Instant at) {
        jdbc.sql("""
                update vault_credential set ciphertext = ?, wrapped_key = ?, master_key_version = ?, fingerprint = ?,
                       last_used_at = ?
                where org_id = ? and id = ? and purpose = ?""")
                .params(sealed.ciphertext(), sealed.wrappedKey(), sealed.masterKeyVersion(), fingerprint,
                        Timestamp.from(at), org.value(), ref.credentialId(), ref.purpose())
                .update();
        jdbc.sql("delete from vault_fingerprint where org_id = ? and credential_id = ?")
                .params(org.value(), ref.credentialId()).update();
    }

    List<SecretFingerprint> fingerprints(OrgId org) {
        return jdbc.sql("""
                select f.credential_id, c.purpose, f.variant, f.length, f.hmac
                from vault_fingerprint f join vault_credential c on c.org_id = f.org_id and c.id = f.credential_id
                where f.org_id = ? order by f.credential_id, f.variant""")
                .param(org.value())
                .query((rs, n) -> new SecretFingerprint(new SecretRef(org, rs.getObject(1, UUID.class), rs.getString(2)),
                        rs.getString(3), rs.getInt(4), rs.getString(5)))
                .list();
    }

    // rotation: a kernel job over every organization

    long countNotOn(String version) {
        return jdbc.sql("select count(*) from vault_credential where master_key_version <> ?").param(version)
                .query(Long.class).single();
    }

    long countAll() {
        return jdbc.sql("select count(*) from vault_credential").query(Long.class).single();
    }

    /** Locks up to {@code limit} rows still wrapped by another version; other nodes skip them. */
    List<SealedRow> lockBatchNotOn(String version, int limit) {
        return jdbc.sql("""
                select org_id, id, purpose, ciphertext, wrapped_key from vault_credential
                where master_key_version <> ? order by org_id, id limit ? for update skip locked""")
                .params(version, limit)
                .query((rs, n) -> new SealedRow(new SecretRef(new OrgId(rs.getObject(1, UUID.class)),
                        rs.getObject(2, UUID.class), rs.getString(3)), rs.getBytes(4), rs.getBytes(5)))
                .list();
    }

    void updateWrappedKey(SecretRef ref, byte[] wrappedKey, String version) {
        jdbc.sql("update vault_credential set wrapped_key = ?, master_key_version = ? where org_id = ? and id = ?")
                .params(wrappedKey, version, ref.org().value(), ref.credentialId()).update();
    }

    private static CredentialInfo info(ResultSet rs, int n) throws SQLException {
        SecretRef ref = new SecretRef(new OrgId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), rs.getString(3));
        Timestamp used = rs.getTimestamp(8);
        return new CredentialInfo(ref, rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getTimestamp(7).toInstant(), used == null ? null : used.toInstant());
    }
}
