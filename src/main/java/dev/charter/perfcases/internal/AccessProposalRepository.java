package dev.charter.perfcases.internal;

import dev.charter.perfcases.AccessProposal;
import dev.charter.perfcases.AccessScope;
import dev.charter.shared.OrgId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code perfcases_access_proposal} table. */
@Repository
class AccessProposalRepository {

    private static final String COLUMNS = """
            id, case_id, connection_id, scope, subject, justification, status, proposed_by, proposed_at, decided_by,
            decided_at, withdrawn_by, withdrawn_at""";

    private final JdbcClient jdbc;

    AccessProposalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a proposal unless the same access is already pending or approved on the case; true when inserted. */
    boolean insert(OrgId org, AccessProposal p) {
        return jdbc.sql("""
                insert into perfcases_access_proposal (id, org_id, case_id, connection_id, scope, subject, justification,
                    status, proposed_by, proposed_at)
                values (?, ?, ?, ?, ?, ?, ?, 'PROPOSED', ?, ?) on conflict do nothing""")
                .params(p.id(), org.value(), p.caseId(), p.connectionId(), p.scope().name(), p.subject(), p.justification(),
                        p.proposedBy(), Timestamp.from(p.proposedAt()))
                .update() == 1;
    }

    List<AccessProposal> list(OrgId org, UUID caseId) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_access_proposal where org_id = ? and case_id = ? "
                        + "order by proposed_at, id")
                .params(org.value(), caseId).query(AccessProposalRepository::map).list();
    }

    Optional<AccessProposal> find(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_access_proposal where org_id = ? and id = ?")
                .params(org.value(), id).query(AccessProposalRepository::map).optional();
    }

    /** The row, locked until the transaction ends (a decision or a withdrawal). */
    Optional<AccessProposal> lock(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_access_proposal where org_id = ? and id = ? for update")
                .params(org.value(), id).query(AccessProposalRepository::map).optional();
    }

    /** Whether the access was ever proposed on the case, whatever became of it. */
    boolean everProposed(OrgId org, UUID caseId, UUID connectionId, AccessScope scope, String subject) {
        return jdbc.sql("""
                select count(*) from perfcases_access_proposal where org_id = ? and case_id = ? and connection_id = ?
                and scope = ? and subject = ?""")
                .params(org.value(), caseId, connectionId, scope.name(), subject).query(Long.class).single() > 0;
    }

    void decide(OrgId org, UUID id, String status, UUID by, Instant at) {
        jdbc.sql("update perfcases_access_proposal set status = ?, decided_by = ?, decided_at = ? where org_id = ? and id = ?")
                .params(status, by, Timestamp.from(at), org.value(), id).update();
    }

    void withdraw(OrgId org, UUID id, UUID by, Instant at) {
        jdbc.sql("""
                update perfcases_access_proposal set status = 'WITHDRAWN', withdrawn_by = ?, withdrawn_at = ?
                where org_id = ? and id = ?""")
                .params(by, Timestamp.from(at), org.value(), id).update();
    }

    Set<String> approved(OrgId org, UUID caseId, UUID connectionId, AccessScope scope) {
        return new TreeSet<>(jdbc.sql("""
                select subject from perfcases_access_proposal where org_id = ? and case_id = ? and connection_id = ?
                and scope = ? and status = 'APPROVED'""")
                .params(org.value(), caseId, connectionId, scope.name()).query(String.class).list());
    }

    private static AccessProposal map(ResultSet rs, int i) throws SQLException {
        return new AccessProposal(rs.getObject("id", UUID.class), rs.getObject("case_id", UUID.class),
                rs.getObject("connection_id", UUID.class), AccessScope.valueOf(rs.getString("scope")), rs.getString("subject"),
                rs.getString("justification"), rs.getString("status"), rs.getObject("proposed_by", UUID.class),
                instant(rs, "proposed_at"), rs.getObject("decided_by", UUID.class), instant(rs, "decided_at"),
                rs.getObject("withdrawn_by", UUID.class), instant(rs, "withdrawn_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
