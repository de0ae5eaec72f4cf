package dev.charter.perfcases.internal;

import dev.charter.perfcases.Metric;
import dev.charter.perfcases.SupportAccess;
import dev.charter.perfcases.SupportGrant;
import dev.charter.shared.OrgId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code perfcases_support_grant} table. An admin's queries carry the organization; an operator's queries carry
 * the operator and the time, and the organization comes from the grant they find, never from the caller.
 */
@Repository
class SupportGrantRepository {

    private static final String COLUMNS = """
            g.id, g.case_id, g.operator_id, u.email as operator_email, g.reason, g.granted_at, g.expires_at, g.revoked_at""";

    private final JdbcClient jdbc;

    SupportGrantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OrgId org, UUID id, UUID caseId, UUID operator, String reason, UUID grantedBy, Instant at, Instant expires) {
        jdbc.sql("""
                insert into perfcases_support_grant (id, org_id, case_id, operator_id, reason, granted_by, granted_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, org.value(), caseId, operator, reason, grantedBy, Timestamp.from(at), Timestamp.from(expires))
                .update();
    }

    List<SupportGrant> forCase(OrgId org, UUID caseId, Instant now) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_support_grant g join identity_user u on u.id = g.operator_id "
                        + "where g.org_id = ? and g.case_id = ? order by g.granted_at desc, g.id")
                .params(org.value(), caseId).query((rs, i) -> map(rs, now)).list();
    }

    Optional<SupportGrant> find(OrgId org, UUID caseId, UUID id, Instant now) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_support_grant g join identity_user u on u.id = g.operator_id "
                        + "where g.org_id = ? and g.case_id = ? and g.id = ?")
                .params(org.value(), caseId, id).query((rs, i) -> map(rs, now)).optional();
    }

    boolean revoke(OrgId org, UUID id, UUID by, Instant at) {
        return jdbc.sql("""
                update perfcases_support_grant set revoked_at = ?, revoked_by = ?
                where org_id = ? and id = ? and revoked_at is null""")
                .params(Timestamp.from(at), by, org.value(), id).update() == 1;
    }

    /** The grant and its organization that let this operator read this case now (the newest, if several). */
    Optional<ActiveGrant> active(UUID operator, UUID caseId, Instant now) {
        return jdbc.sql("""
                select id, org_id, expires_at from perfcases_support_grant
                where operator_id = ? and case_id = ? and revoked_at is null and expires_at > ?
                order by expires_at desc limit 1""")
                .params(operator, caseId, Timestamp.from(now))
                .query((rs, i) -> new ActiveGrant(rs.getObject("id", UUID.class), new OrgId(rs.getObject("org_id", UUID.class)),
                        caseId, rs.getTimestamp("expires_at").toInstant()))
                .optional();
    }

    /** Every case this operator may read now, with the grant (the newest per case) and its organization. */
    List<ActiveCase> activeCases(UUID operator, Instant now) {
        return jdbc.sql("""
                select distinct on (g.case_id) g.id, g.org_id, g.case_id, g.expires_at, c.title, c.service, c.metric
                from perfcases_support_grant g join perfcases_case c on c.id = g.case_id and c.org_id = g.org_id
                where g.operator_id = ? and g.revoked_at is null and g.expires_at > ?
                order by g.case_id, g.expires_at desc""")
                .params(operator, Timestamp.from(now))
                .query((rs, i) -> new ActiveCase(new ActiveGrant(rs.getObject("id", UUID.class),
                        new OrgId(rs.getObject("org_id", UUID.class)), rs.getObject("case_id", UUID.class),
                        rs.getTimestamp("expires_at").toInstant()),
                        new SupportAccess.GrantedCase(rs.getObject("case_id", UUID.class), rs.getObject("id", UUID.class),
                                rs.getString("title"), rs.getString("service"), Metric.valueOf(rs.getString("metric")),
                                rs.getTimestamp("expires_at").toInstant())))
                .list();
    }

    record ActiveGrant(UUID id, OrgId org, UUID caseId, Instant expiresAt) {}

    record ActiveCase(ActiveGrant grant, SupportAccess.GrantedCase view) {}

    private static SupportGrant map(ResultSet rs, Instant now) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        Instant expires = rs.getTimestamp("expires_at").toInstant();
        return new SupportGrant(rs.getObject("id", UUID.class), rs.getObject("case_id", UUID.class),
                rs.getObject("operator_id", UUID.class), rs.getString("operator_email"), rs.getString("reason"),
                rs.getTimestamp("granted_at").toInstant(), expires, revoked == null ? null : revoked.toInstant(),
                revoked == null && expires.isAfter(now));
    }
}
