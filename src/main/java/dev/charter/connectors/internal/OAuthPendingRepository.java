package dev.charter.connectors.internal;

import dev.charter.connectors.ConnectionKind;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for authorizations in progress. Every method takes the organization first. */
@Repository
class OAuthPendingRepository {

    static final String PURPOSE = "connectors.oauth";

    record Pending(OrgId org, String stateHash, ConnectionKind kind, String label, URI apiBase, String redirectUri,
                   List<String> scopes, SecretRef grant, UUID createdBy, Instant createdAt, Instant expiresAt) {}

    private final JdbcClient jdbc;

    OAuthPendingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OrgId org, Pending p) {
        jdbc.sql("""
                insert into connectors_oauth_pending (org_id, state_hash, kind, label, api_base_url, redirect_uri, scopes,
                                                      credential_id, created_by, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(org.value(), p.stateHash(), p.kind().name(), p.label(), p.apiBase().toString(), p.redirectUri(),
                        String.join(" ", p.scopes()), p.grant().credentialId(), p.createdBy(), Timestamp.from(p.createdAt()),
                        Timestamp.from(p.expiresAt()))
                .update();
    }

    /** Takes the pending authorization (deletes it and returns it), so a state completes at most once. */
    Optional<Pending> take(OrgId org, String stateHash) {
        return jdbc.sql("""
                delete from connectors_oauth_pending where org_id = ? and state_hash = ?
                returning org_id, state_hash, kind, label, api_base_url, redirect_uri, scopes, credential_id, created_by,
                          created_at, expires_at""")
                .params(org.value(), stateHash)
                .query((rs, n) -> new Pending(org, rs.getString(2), ConnectionKind.valueOf(rs.getString(3)), rs.getString(4),
                        URI.create(rs.getString(5)), rs.getString(6),
                        rs.getString(7).isBlank() ? List.of() : Arrays.asList(rs.getString(7).split(" ")),
                        new SecretRef(org, rs.getObject(8, UUID.class), PURPOSE), rs.getObject(9, UUID.class),
                        rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant()))
                .optional();
    }

    /** Removes this organization's expired authorizations and returns their grants, for the vault to delete. */
    List<SecretRef> takeExpired(OrgId org, Instant now) {
        return jdbc.sql("delete from connectors_oauth_pending where org_id = ? and expires_at < ? returning credential_id")
                .params(org.value(), Timestamp.from(now))
                .query((rs, n) -> new SecretRef(org, rs.getObject(1, UUID.class), PURPOSE)).list();
    }
}
