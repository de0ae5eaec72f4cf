package dev.charter.reviews.calls.internal;

import dev.charter.reviews.calls.CallSignal;
import dev.charter.shared.OrgId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code reviews_calls_call} and {@code reviews_calls_signal}. */
@Repository
class CallRepository {

    private static final String COLUMNS = """
            id, provider, external_id, host_email, reviewee_id, started_at, duration_s, status, reason, attendees_internal,
            attendees_external, attendees_unknown, analysis::text as analysis, received_at, analysed_at""";

    private final JdbcClient jdbc;

    CallRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new call waiting for analysis; empty when this provider's call was received before. */
    Optional<UUID> insertPending(OrgId org, String provider, String externalId, String hostEmail, Instant startedAt,
                                 Integer durationSeconds, Instant receivedAt) {
        UUID id = UUID.randomUUID();
        int n = jdbc.sql("""
                insert into reviews_calls_call (org_id, id, provider, external_id, host_email, started_at, duration_s, status,
                                                received_at)
                values (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?) on conflict (org_id, provider, external_id) do nothing""")
                .params(org.value(), id, provider, externalId, hostEmail, startedAt == null ? null : Timestamp.from(startedAt),
                        durationSeconds, Timestamp.from(receivedAt)).update();
        return n == 1 ? Optional.of(id) : Optional.empty();
    }

    Optional<Call> find(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from reviews_calls_call where org_id = ? and id = ?")
                .params(org.value(), id).query(CallRepository::call).optional();
    }

    List<Call> list(OrgId org, int limit) {
        return jdbc.sql("select " + COLUMNS + " from reviews_calls_call where org_id = ? order by received_at desc, id limit ?")
                .params(org.value(), limit).query(CallRepository::call).list();
    }

    void attendees(OrgId org, UUID id, int internal, int external, int unknown) {
        jdbc.sql("""
                update reviews_calls_call set attendees_internal = ?, attendees_external = ?, attendees_unknown = ?
                where org_id = ? and id = ?""").params(internal, external, unknown, org.value(), id).update();
    }

    void skipped(OrgId org, UUID id, String reason, Instant at) {
        jdbc.sql("update reviews_calls_call set status = 'SKIPPED', reason = ?, analysed_at = ? where org_id = ? and id = ?")
                .params(reason, Timestamp.from(at), org.value(), id).update();
    }

    void failed(OrgId org, UUID id, String reason, Instant at) {
        jdbc.sql("update reviews_calls_call set status = 'FAILED', reason = ?, analysed_at = ? where org_id = ? and id = ?")
                .params(reason, Timestamp.from(at), org.value(), id).update();
    }

    /** Marks the call analysed; false when it is gone (deleted while it was analysed) or no longer pending. */
    boolean analysed(OrgId org, UUID id, UUID reviewee, String analysisJson, Instant at) {
        return jdbc.sql("""
                update reviews_calls_call set status = 'ANALYSED', reason = null, reviewee_id = ?, analysis = ?::jsonb,
                       analysed_at = ?
                where org_id = ? and id = ? and status = 'PENDING'""")
                .params(reviewee, analysisJson, Timestamp.from(at), org.value(), id).update() == 1;
    }

    void insertSignals(OrgId org, List<CallSignal> signals, Instant createdAt) {
        for (CallSignal s : signals) {
            jdbc.sql("""
                    insert into reviews_calls_signal (org_id, id, call_id, person_id, kind, value, occurred_at, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(org.value(), s.id(), s.callId(), s.person(), s.kind(), s.value(), Timestamp.from(s.at()),
                            Timestamp.from(createdAt)).update();
        }
    }

    int countSignals(OrgId org, UUID call) {
        return jdbc.sql("select count(*) from reviews_calls_signal where org_id = ? and call_id = ?")
                .params(org.value(), call).query(Integer.class).single();
    }

    /** Deletes the call; its signals go with it (foreign key, same statement). */
    boolean delete(OrgId org, UUID id) {
        return jdbc.sql("delete from reviews_calls_call where org_id = ? and id = ?").params(org.value(), id).update() == 1;
    }

    /** Every call id of the organization, for a deletion of everything analysed. */
    List<UUID> ids(OrgId org) {
        return jdbc.sql("select id from reviews_calls_call where org_id = ?").param(org.value()).query(UUID.class).list();
    }

    /** Every call id in every organization: the erasure journal's replay only (a documented kernel job). */
    List<UUID> allIdsForErasureReplay() {
        return jdbc.sql("select id from reviews_calls_call").query(UUID.class).list();
    }

    /** The erasure journal's replay only: deletes these calls wherever they are. */
    int deleteForErasureReplay(Collection<UUID> ids) {
        int n = 0;
        for (UUID id : ids) {
            n += jdbc.sql("delete from reviews_calls_call where id = ?").param(id).update();
        }
        return n;
    }

    private static Call call(ResultSet rs, int n) throws SQLException {
        return new Call(rs.getObject("id", UUID.class), rs.getString("provider"), rs.getString("external_id"),
                rs.getString("host_email"), rs.getObject("reviewee_id", UUID.class), instant(rs.getTimestamp("started_at")),
                (Integer) rs.getObject("duration_s"), rs.getString("status"), rs.getString("reason"),
                (Integer) rs.getObject("attendees_internal"), (Integer) rs.getObject("attendees_external"),
                (Integer) rs.getObject("attendees_unknown"), rs.getString("analysis"), instant(rs.getTimestamp("received_at")),
                instant(rs.getTimestamp("analysed_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
