package dev.charter.reviews.cycles.internal;

import dev.charter.connectors.ConnectionId;
import dev.charter.reviews.Signal;
import dev.charter.reviews.SignalKind;
import dev.charter.reviews.SignalSource;
import dev.charter.shared.OrgId;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for cycles, reviews and a person's signals. Every method takes the organization first. */
@Repository
class CyclesRepository {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    CyclesRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The signals of one person in {@code [start, end)}: those whose identity is linked to them, each once (an
     * {@code exists} test, not a join, so two linked identities never double a signal), and one email once even when
     * two connected mailboxes both saw it (same Message-ID). Oldest first.
     */
    List<Signal> signalsOf(OrgId org, UUID person, Instant start, Instant end) {
        return jdbc.sql("""
                select id, connection_id, source, kind, external_id, identity, occurred_at, title, facts, link, count from (
                  select distinct on (case when s.kind = 'EMAIL' then coalesce('m:' || (s.facts->>'message_id'), s.id::text)
                                           else s.id::text end)
                         s.id, s.connection_id, s.source, s.kind, s.external_id, s.identity, s.occurred_at, s.title,
                         s.facts::text as facts, s.link, s.count
                  from reviews_signal s
                  where s.org_id = ? and s.occurred_at >= ? and s.occurred_at < ?
                    and exists (select 1 from reviews_identity_link l where l.org_id = s.org_id and l.user_id = ?
                                and l.source = s.source and l.identity = s.identity)
                  order by (case when s.kind = 'EMAIL' then coalesce('m:' || (s.facts->>'message_id'), s.id::text)
                                 else s.id::text end), s.occurred_at, s.id) one
                order by occurred_at, id""")
                .params(org.value(), Timestamp.from(start), Timestamp.from(end), person)
                .query(CyclesRepository::signal).list();
    }

    void insertCycle(OrgId org, UUID id, String name, java.time.LocalDate from, java.time.LocalDate to, UUID by, Instant at) {
        jdbc.sql("""
                insert into reviews_cycle (org_id, id, name, period_start, period_end, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(org.value(), id, name, Date.valueOf(from), Date.valueOf(to), by, Timestamp.from(at)).update();
    }

    List<Cycle> cycles(OrgId org) {
        return jdbc.sql("""
                select c.id, c.name, c.period_start, c.period_end, c.created_at,
                       (select count(*) from reviews_review r where r.org_id = c.org_id and r.cycle_id = c.id) as reviews
                from reviews_cycle c where c.org_id = ? order by c.period_start desc, c.created_at desc""")
                .param(org.value()).query(CyclesRepository::cycle).list();
    }

    Optional<Cycle> cycle(OrgId org, UUID id) {
        return jdbc.sql("""
                select c.id, c.name, c.period_start, c.period_end, c.created_at,
                       (select count(*) from reviews_review r where r.org_id = c.org_id and r.cycle_id = c.id) as reviews
                from reviews_cycle c where c.org_id = ? and c.id = ?""")
                .params(org.value(), id).query(CyclesRepository::cycle).optional();
    }

    boolean deleteCycle(OrgId org, UUID id) {
        return jdbc.sql("delete from reviews_cycle where org_id = ? and id = ?").params(org.value(), id).update() == 1;
    }

    /** Adds a review; false when the cycle already has one for this reviewee. */
    boolean insertReview(OrgId org, UUID id, UUID cycle, UUID reviewee, UUID reviewer, Instant at) {
        return jdbc.sql("""
                insert into reviews_review (org_id, id, cycle_id, reviewee_id, reviewer_id, updated_at)
                values (?, ?, ?, ?, ?, ?) on conflict (org_id, cycle_id, reviewee_id) do nothing""")
                .params(org.value(), id, cycle, reviewee, reviewer, Timestamp.from(at)).update() == 1;
    }

    List<Review> reviews(OrgId org, UUID cycle) {
        return jdbc.sql("select * from reviews_review where org_id = ? and cycle_id = ? order by updated_at, id")
                .params(org.value(), cycle).query(CyclesRepository::review).list();
    }

    /** One review, locked for update when {@code lock}. */
    Optional<Review> review(OrgId org, UUID id, boolean lock) {
        return jdbc.sql("select * from reviews_review where org_id = ? and id = ?" + (lock ? " for update" : ""))
                .params(org.value(), id).query(CyclesRepository::review).optional();
    }

    void saveDraft(OrgId org, UUID review, Review.Draft draft, String provider, Instant at) {
        jdbc.sql("""
                update reviews_review set draft = ?::jsonb, draft_provider = ?, drafted_at = ?, updated_at = ?
                where org_id = ? and id = ?""")
                .params(JSON.writeValueAsString(draft), provider, Timestamp.from(at), Timestamp.from(at), org.value(), review)
                .update();
    }

    void saveEdit(OrgId org, UUID review, Review.Draft draft, Instant at) {
        jdbc.sql("update reviews_review set draft = ?::jsonb, updated_at = ? where org_id = ? and id = ?")
                .params(JSON.writeValueAsString(draft), Timestamp.from(at), org.value(), review).update();
    }

    void saveExcluded(OrgId org, UUID review, Set<UUID> excluded, Instant at) {
        jdbc.sql("update reviews_review set excluded = ?::jsonb, updated_at = ? where org_id = ? and id = ?")
                .params(JSON.writeValueAsString(excluded.stream().map(UUID::toString).sorted().toList()),
                        Timestamp.from(at), org.value(), review).update();
    }

    void finalizeReview(OrgId org, UUID review, UUID by, Instant at) {
        jdbc.sql("""
                update reviews_review set status = 'FINAL', finalized_by = ?, finalized_at = ?, updated_at = ?
                where org_id = ? and id = ?""")
                .params(by, Timestamp.from(at), Timestamp.from(at), org.value(), review).update();
    }

    private static Cycle cycle(ResultSet rs, int n) throws SQLException {
        return new Cycle(rs.getObject("id", UUID.class), rs.getString("name"), rs.getDate("period_start").toLocalDate(),
                rs.getDate("period_end").toLocalDate(), rs.getTimestamp("created_at").toInstant(), rs.getLong("reviews"));
    }

    private static Review review(ResultSet rs, int n) throws SQLException {
        String draft = rs.getString("draft");
        Set<UUID> excluded = new LinkedHashSet<>();
        for (String s : JSON.readValue(rs.getString("excluded"), new TypeReference<List<String>>() {})) {
            excluded.add(UUID.fromString(s));
        }
        return new Review(rs.getObject("id", UUID.class), rs.getObject("cycle_id", UUID.class),
                rs.getObject("reviewee_id", UUID.class), rs.getObject("reviewer_id", UUID.class), rs.getString("status"),
                draft == null ? null : JSON.readValue(draft, Review.Draft.class), rs.getString("draft_provider"),
                instant(rs, "drafted_at"), excluded, instant(rs, "finalized_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Signal signal(ResultSet rs, int n) throws SQLException {
        Map<String, Object> facts = JSON.readValue(rs.getString("facts"), new TypeReference<Map<String, Object>>() {});
        return new Signal(rs.getObject("id", UUID.class), new ConnectionId(rs.getObject("connection_id", UUID.class)),
                SignalSource.valueOf(rs.getString("source")), SignalKind.valueOf(rs.getString("kind")),
                rs.getString("external_id"), rs.getString("identity"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("title"), facts, rs.getString("link"), rs.getInt("count"));
    }
}
