package dev.charter.crews.internal;

import dev.charter.shared.OrgId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of crews_result, crews_review and crews_review_policy, scoped by organization. */
@Repository
class ReviewRepository {

    record ResultRow(UUID id, UUID orgId, UUID conversationId, UUID messageId, String kind, String value, double confidence,
                     String runnerUp, double runnerUpConfidence, String provider, String inputs, String factors,
                     String effect, String state, String actingValue, UUID decidedBy, String overrideReason,
                     Instant createdAt, Instant decidedAt) {}

    record ReviewRow(UUID id, UUID orgId, UUID conversationId, UUID resultId, String origin, String reason,
                     String requestText, String status, UUID reviewerId, String reviewNote, Instant createdAt,
                     Instant decidedAt) {}

    private static final String RESULT = """
            id, org_id, conversation_id, message_id, kind, value, confidence, runner_up, runner_up_confidence, provider,
            inputs::text as inputs, factors::text as factors, effect, state, acting_value, decided_by, override_reason,
            created_at, decided_at""";
    private static final String REVIEW = """
            id, org_id, conversation_id, result_id, origin, reason, request_text, status, reviewer_id, review_note,
            created_at, decided_at""";

    private final JdbcClient jdbc;

    ReviewRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID insertResult(OrgId org, UUID conversation, UUID message, String kind, String value, double confidence,
                      String runnerUp, double runnerUpConfidence, String provider, String inputs, String factors,
                      String effect, String state) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into crews_result (id, org_id, conversation_id, message_id, kind, value, confidence, runner_up,
                    runner_up_confidence, provider, inputs, factors, effect, state, acting_value)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?)""")
                .params(id, org.value(), conversation, message, kind, value, confidence, runnerUp, runnerUpConfidence,
                        provider, inputs, factors, effect, state, state.equals("ACTED") ? value : null).update();
        return id;
    }

    Optional<ResultRow> result(OrgId org, UUID id) {
        return jdbc.sql("select " + RESULT + " from crews_result where org_id = ? and id = ?")
                .params(org.value(), id).query(ResultRow.class).optional();
    }

    List<ResultRow> results(OrgId org, UUID conversation) {
        return jdbc.sql("select " + RESULT + " from crews_result where org_id = ? and conversation_id = ? order by created_at, id")
                .params(org.value(), conversation).query(ResultRow.class).list();
    }

    /** True when a person approved or overrode a result of this kind in the conversation. */
    boolean personDecided(OrgId org, UUID conversation, String kind) {
        return jdbc.sql("""
                select count(*) from crews_result where org_id = ? and conversation_id = ? and kind = ?
                and state in ('APPROVED', 'OVERRIDDEN')""").params(org.value(), conversation, kind)
                .query(Long.class).single() > 0;
    }

    /** Results of this kind in the conversation still waiting for review: superseded by a newer one. */
    List<UUID> waiting(OrgId org, UUID conversation, String kind) {
        return jdbc.sql("select id from crews_result where org_id = ? and conversation_id = ? and kind = ? and state = 'REVIEW'")
                .params(org.value(), conversation, kind).query(UUID.class).list();
    }

    int setResultState(OrgId org, UUID id, String state, String actingValue, UUID decidedBy, String reason) {
        return jdbc.sql("""
                update crews_result set state = ?, acting_value = ?, decided_by = ?, override_reason = ?,
                    decided_at = clock_timestamp()
                where org_id = ? and id = ?""")
                .params(state, actingValue, decidedBy, reason, org.value(), id).update();
    }

    int supersede(OrgId org, UUID result) {
        jdbc.sql("update crews_review set status = 'SUPERSEDED', decided_at = clock_timestamp() where org_id = ? and result_id = ? and status in ('OPEN', 'ESCALATED')")
                .params(org.value(), result).update();
        return jdbc.sql("update crews_result set state = 'SUPERSEDED' where org_id = ? and id = ? and state = 'REVIEW'")
                .params(org.value(), result).update();
    }

    UUID insertReview(OrgId org, UUID conversation, UUID result, String origin, String reason, String requestText) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into crews_review (id, org_id, conversation_id, result_id, origin, reason, request_text, status)
                values (?, ?, ?, ?, ?, ?, ?, 'OPEN')""")
                .params(id, org.value(), conversation, result, origin, reason, requestText).update();
        return id;
    }

    Optional<ReviewRow> review(OrgId org, UUID id) {
        return jdbc.sql("select " + REVIEW + " from crews_review where org_id = ? and id = ?")
                .params(org.value(), id).query(ReviewRow.class).optional();
    }

    Optional<ReviewRow> lockReview(OrgId org, UUID id) {
        return jdbc.sql("select " + REVIEW + " from crews_review where org_id = ? and id = ? for update")
                .params(org.value(), id).query(ReviewRow.class).optional();
    }

    /** The queue: reviews in {@code statuses}, oldest first. */
    List<ReviewRow> queue(OrgId org, List<String> statuses, int limit) {
        List<Object> params = new ArrayList<>();
        params.add(org.value());
        params.add(statuses.toArray(String[]::new));
        params.add(limit);
        return jdbc.sql("select " + REVIEW + " from crews_review where org_id = ? and status = any(?) order by created_at, id limit ?")
                .params(params).query(ReviewRow.class).list();
    }

    List<ReviewRow> reviewsOf(OrgId org, UUID conversation) {
        return jdbc.sql("select " + REVIEW + " from crews_review where org_id = ? and conversation_id = ? order by created_at, id")
                .params(org.value(), conversation).query(ReviewRow.class).list();
    }

    int decideReview(OrgId org, UUID id, String status, UUID reviewer, String note) {
        return jdbc.sql("""
                update crews_review set status = ?, reviewer_id = ?, review_note = ?, decided_at = clock_timestamp()
                where org_id = ? and id = ?""").params(status, reviewer, note, org.value(), id).update();
    }

    /** Closes the other open items of the same result, which one decision settles. */
    int settleOthers(OrgId org, UUID result, UUID decided, String status, UUID reviewer) {
        return jdbc.sql("""
                update crews_review set status = ?, reviewer_id = ?, decided_at = clock_timestamp()
                where org_id = ? and result_id = ? and id <> ? and status in ('OPEN', 'ESCALATED')""")
                .params(status, reviewer, org.value(), result, decided).update();
    }

    Optional<String[]> policy(OrgId org) {
        return jdbc.sql("select gates::text, array_to_string(significant, ',') from crews_review_policy where org_id = ?")
                .param(org.value()).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional();
    }

    void savePolicy(OrgId org, String gates, List<String> significant) {
        jdbc.sql("""
                insert into crews_review_policy (org_id, gates, significant) values (?, cast(? as jsonb), ?)
                on conflict (org_id) do update set gates = excluded.gates, significant = excluded.significant,
                    updated_at = now()""")
                .params(org.value(), gates, significant.toArray(String[]::new)).update();
    }
}
