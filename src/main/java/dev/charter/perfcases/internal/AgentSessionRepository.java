package dev.charter.perfcases.internal;

import dev.charter.perfcases.AgentSession;
import dev.charter.perfcases.AgentSessions.LogLine;
import dev.charter.shared.OrgId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** SQL of agent sessions and their logs. */
@Repository
class AgentSessionRepository {

    /** Lines kept per session; past it, one last line says the rest was cut. */
    static final int MAX_LOG_LINES = 20_000;

    private static final String COLUMNS = "id, case_id, code_host_id, repo_owner, repo_name, good_ref, bad_ref, status, "
            + "outcome, step, culprit, result::text as result, pull_number, pull_url, error, created_at, started_at, "
            + "ended_at, settings::text as settings";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AgentSessionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(OrgId org, UUID id, UUID caseId, UUID codeHostId, String owner, String name, String good, String bad,
                Map<String, Object> settings, UUID startedBy, Instant at) {
        jdbc.sql("""
                insert into perfcases_agent_session (id, org_id, case_id, code_host_id, repo_owner, repo_name, good_ref,
                    bad_ref, settings, status, step, started_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), 'QUEUED', 'waiting for a worker', ?, ?)""")
                .params(id, org.value(), caseId, codeHostId, owner, name, good, bad, json.writeValueAsString(settings),
                        startedBy, Timestamp.from(at))
                .update();
    }

    Optional<AgentSession> find(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_agent_session where org_id = ? and id = ?")
                .params(org.value(), id).query((rs, i) -> map(rs)).optional();
    }

    List<AgentSession> forCase(OrgId org, UUID caseId) {
        return jdbc.sql("select " + COLUMNS + " from perfcases_agent_session where org_id = ? and case_id = ? "
                        + "order by created_at desc, id limit 100")
                .params(org.value(), caseId).query((rs, i) -> map(rs)).list();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> settings(OrgId org, UUID id) {
        return jdbc.sql("select settings::text from perfcases_agent_session where org_id = ? and id = ?")
                .params(org.value(), id).query(String.class).optional()
                .map(s -> (Map<String, Object>) json.readValue(s, Map.class)).orElse(Map.of());
    }

    /** QUEUED to RUNNING, once: a job taken over after its node died finds the session no longer queued. */
    boolean claim(OrgId org, UUID id, Instant at) {
        return jdbc.sql("""
                update perfcases_agent_session set status = 'RUNNING', started_at = ?, step = 'starting the sandbox'
                where org_id = ? and id = ? and status = 'QUEUED'""")
                .params(Timestamp.from(at), org.value(), id).update() == 1;
    }

    void step(OrgId org, UUID id, String step) {
        jdbc.sql("update perfcases_agent_session set step = ? where org_id = ? and id = ? and status = 'RUNNING'")
                .params(step.length() > 200 ? step.substring(0, 200) : step, org.value(), id).update();
    }

    void result(OrgId org, UUID id, Map<String, Object> result, String culprit) {
        jdbc.sql("update perfcases_agent_session set result = cast(? as jsonb), culprit = coalesce(?, culprit) "
                        + "where org_id = ? and id = ?")
                .params(json.writeValueAsString(result), culprit, org.value(), id).update();
    }

    void finish(OrgId org, UUID id, String outcome, Integer pullNumber, String pullUrl, Instant at) {
        jdbc.sql("""
                update perfcases_agent_session set status = 'FINISHED', outcome = ?, pull_number = ?, pull_url = ?,
                    step = 'finished', ended_at = ?
                where org_id = ? and id = ? and status = 'RUNNING'""")
                .params(outcome, pullNumber, pullUrl, Timestamp.from(at), org.value(), id).update();
    }

    void fail(OrgId org, UUID id, String error, Instant at) {
        jdbc.sql("""
                update perfcases_agent_session set status = 'FAILED', error = ?, ended_at = ?
                where org_id = ? and id = ? and status in ('QUEUED', 'RUNNING')""")
                .params(error.length() > 2000 ? error.substring(0, 2000) : error, Timestamp.from(at), org.value(), id)
                .update();
    }

    /**
     * Sessions still RUNNING or QUEUED long after any session could have ended (the node running it stopped): failed,
     * with the reason, so their pages do not wait for ever.
     */
    int failAbandoned(Instant startedBefore, Instant queuedBefore, Instant now) {
        return jdbc.sql("""
                update perfcases_agent_session set status = 'FAILED', ended_at = ?,
                    error = case when status = 'RUNNING'
                        then 'The session did not end within its wall clock: the server running it stopped.'
                        else 'The session was never started: no server ran it.' end
                where (status = 'RUNNING' and started_at < ?) or (status = 'QUEUED' and created_at < ?)""")
                .params(Timestamp.from(now), Timestamp.from(startedBefore), Timestamp.from(queuedBefore)).update();
    }

    void appendLog(OrgId org, UUID id, int seq, Instant at, String line) {
        jdbc.sql("insert into perfcases_agent_log (session_id, seq, org_id, at, line) values (?, ?, ?, ?, ?)")
                .params(id, seq, org.value(), Timestamp.from(at), line.length() > 4100 ? line.substring(0, 4100) : line)
                .update();
    }

    List<LogLine> log(OrgId org, UUID id, int after, int limit) {
        return jdbc.sql("""
                select seq, at, line from perfcases_agent_log where org_id = ? and session_id = ? and seq > ?
                order by seq limit ?""")
                .params(org.value(), id, after, Math.max(1, Math.min(limit, 5000)))
                .query((rs, i) -> new LogLine(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3))).list();
    }

    @SuppressWarnings("unchecked")
    private AgentSession map(ResultSet rs) throws SQLException {
        Timestamp started = rs.getTimestamp("started_at");
        Timestamp ended = rs.getTimestamp("ended_at");
        int pull = rs.getInt("pull_number");
        Integer pullNumber = rs.wasNull() ? null : pull;
        return new AgentSession(rs.getObject("id", UUID.class), rs.getObject("case_id", UUID.class),
                rs.getObject("code_host_id", UUID.class), rs.getString("repo_owner") + "/" + rs.getString("repo_name"),
                rs.getString("good_ref"), rs.getString("bad_ref"), rs.getString("status"), rs.getString("outcome"),
                rs.getString("step"), rs.getString("culprit"), json.readValue(rs.getString("result"), Map.class),
                pullNumber, rs.getString("pull_url"), rs.getString("error"), rs.getTimestamp("created_at").toInstant(),
                started == null ? null : started.toInstant(), ended == null ? null : ended.toInstant());
    }
}
