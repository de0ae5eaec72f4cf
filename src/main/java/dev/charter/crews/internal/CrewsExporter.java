package dev.charter.crews.internal;

import dev.charter.privacy.PersonalDataExporter;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Crews' export section (DSR-1). An owner's organization part holds the Crews settings, every crew as configured,
 * and every contact with their conversations and messages; a member's own part holds the replies and notes they
 * wrote and the conversations assigned to them. {@link #contact} is the export of one contact (CRW-8).
 */
@Component
class CrewsExporter implements PersonalDataExporter {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CrewsExporter(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public String section() {
        return "crews";
    }

    @Override
    public Set<String> dataClasses() {
        return Set.of("crews.settings", "crews.crews", "crews.contacts", "crews.conversations", "crews.messages",
                "crews.documents", "crews.review-policy", "crews.results", "crews.reviews", "crews.usage-counts",
                "crews.mailboxes");
    }

    @Override
    public Object exportPerson(OrgId org, UserId person) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("assignedConversations", jdbc.sql("select id::text from crews_conversation where org_id = ? and assignee_id = ? order by created_at, id")
                .params(org.value(), person.value()).query(String.class).list());
        out.put("messagesWritten", jdbc.sql("""
                select id, conversation_id, author, author_user_id, body, message_id, in_reply_to, citations::text as citations,
                       created_at from crews_message where org_id = ? and author_user_id = ? order by created_at, id""")
                .params(org.value(), person.value()).query(this::message).list());
        return out;
    }

    @Override
    public Object exportOrganization(OrgId org) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("settings", jdbc.sql("select retention_days, usage_statistics, updated_at, lead_webhook_url from crews_settings where org_id = ?")
                .param(org.value()).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("retentionDays", rs.getInt(1));
                    m.put("usageStatistics", rs.getBoolean(2));
                    m.put("updatedAt", text(rs.getTimestamp(3)));
                    m.put("leadWebhookUrl", rs.getString(4));
                    return m;
                }).optional().orElse(null));
        out.put("reviewPolicy", jdbc.sql("select gates::text, significant, updated_at from crews_review_policy where org_id = ?")
                .param(org.value()).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("gates", json.readValue(rs.getString(1), Object.class));
                    m.put("significant", List.of((String[]) rs.getArray(2).getArray()));
                    m.put("updatedAt", text(rs.getTimestamp(3)));
                    return m;
                }).optional().orElse(null));
        out.put("crews", jdbc.sql("select id, name, definition::text as definition, origins, created_at, updated_at, widget_key from crews_crew where org_id = ? order by created_at, id")
                .param(org.value()).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getString("id"));
                    m.put("name", rs.getString("name"));
                    m.put("definition", json.readValue(rs.getString("definition"), Object.class));
                    m.put("origins", List.of((String[]) rs.getArray("origins").getArray()));
                    m.put("widgetKey", rs.getString("widget_key"));
                    m.put("createdAt", text(rs.getTimestamp("created_at")));
                    m.put("updatedAt", text(rs.getTimestamp("updated_at")));
                    return m;
                }).list());
        out.put("documents", jdbc.sql("select id, title, format, body, created_by, created_at from crews_document where org_id = ? order by created_at, id")
                .param(org.value()).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getString("id"));
                    m.put("title", rs.getString("title"));
                    m.put("format", rs.getString("format"));
                    m.put("text", rs.getString("body"));
                    m.put("createdBy", rs.getString("created_by"));
                    m.put("createdAt", text(rs.getTimestamp("created_at")));
                    return m;
                }).list());
        out.put("mailboxes", jdbc.sql("""
                        select crew_id, imap_connection_id, smtp_connection_id, address, folder, check_every_seconds, uid_validity,
                               last_uid, messages_read, last_check_at, last_error, created_by, created_at
                        from crews_mailbox where org_id = ? order by created_at, crew_id""")
                .param(org.value()).query().listOfRows());
        out.put("contacts", contacts(org, null));
        out.put("usageCounts", jdbc.sql("select day, name, count from crews_usage_count where org_id = ? order by day, name")
                .param(org.value()).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("day", rs.getDate(1).toLocalDate().toString());
                    m.put("name", rs.getString(2));
                    m.put("count", rs.getLong(3));
                    return m;
                }).list());
        return out;
    }

    /** Everything Crews hold about one contact of the organization, or null when it has no such contact. */
    Map<String, Object> contact(OrgId org, UUID contact) {
        List<Map<String, Object>> found = contacts(org, contact);
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Map<String, Object>> contacts(OrgId org, UUID only) {
        String filter = only == null ? "" : " and k.id = ?";
        Object[] params = only == null ? new Object[] {org.value()} : new Object[] {org.value(), only};
        Map<String, List<Map<String, Object>>> messages = new LinkedHashMap<>();
        jdbc.sql("""
                select m.id, m.conversation_id, m.author, m.author_user_id, m.body, m.message_id, m.in_reply_to,
                       m.citations::text as citations, m.created_at
                from crews_message m join crews_conversation c on c.org_id = m.org_id and c.id = m.conversation_id
                join crews_contact k on k.org_id = c.org_id and k.id = c.contact_id
                where m.org_id = ?""" + filter + " order by m.created_at, m.id")
                .params(params).query(this::message).list()
                .forEach(m -> messages.computeIfAbsent((String) m.remove("conversationId"), x -> new ArrayList<>()).add(m));
        Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
        jdbc.sql("""
                select r.id, r.conversation_id, r.message_id, r.kind, r.value, r.confidence, r.runner_up,
                       r.runner_up_confidence, r.provider, r.inputs::text as inputs, r.factors::text as factors, r.effect,
                       r.state, r.acting_value, r.decided_by, r.override_reason, r.created_at, r.decided_at
                from crews_result r join crews_conversation c on c.org_id = r.org_id and c.id = r.conversation_id
                join crews_contact k on k.org_id = c.org_id and k.id = c.contact_id
                where r.org_id = ?""" + filter + " order by r.created_at, r.id")
                .params(params).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getString("id"));
                    m.put("conversationId", rs.getString("conversation_id"));
                    m.put("messageId", rs.getString("message_id"));
                    m.put("kind", rs.getString("kind"));
                    m.put("value", rs.getString("value"));
                    m.put("confidence", rs.getDouble("confidence"));
                    m.put("runnerUp", rs.getString("runner_up"));
                    m.put("runnerUpConfidence", rs.getDouble("runner_up_confidence"));
                    m.put("provider", rs.getString("provider"));
                    m.put("inputs", json.readValue(rs.getString("inputs"), Object.class));
                    m.put("factors", json.readValue(rs.getString("factors"), Object.class));
                    m.put("effect", rs.getString("effect"));
                    m.put("state", rs.getString("state"));
                    m.put("actingValue", rs.getString("acting_value"));
                    m.put("decidedBy", rs.getString("decided_by"));
                    m.put("overrideReason", rs.getString("override_reason"));
                    m.put("createdAt", text(rs.getTimestamp("created_at")));
                    m.put("decidedAt", text(rs.getTimestamp("decided_at")));
                    return m;
                }).list()
                .forEach(m -> results.computeIfAbsent((String) m.remove("conversationId"), x -> new ArrayList<>()).add(m));
        Map<String, List<Map<String, Object>>> reviews = new LinkedHashMap<>();
        jdbc.sql("""
                select r.id, r.conversation_id, r.result_id, r.origin, r.reason, r.request_text, r.status, r.reviewer_id,
                       r.review_note, r.created_at, r.decided_at
                from crews_review r join crews_conversation c on c.org_id = r.org_id and c.id = r.conversation_id
                join crews_contact k on k.org_id = c.org_id and k.id = c.contact_id
                where r.org_id = ?""" + filter + " order by r.created_at, r.id")
                .params(params).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getString("id"));
                    m.put("conversationId", rs.getString("conversation_id"));
                    m.put("resultId", rs.getString("result_id"));
                    m.put("origin", rs.getString("origin"));
                    m.put("reason", rs.getString("reason"));
                    m.put("requestText", rs.getString("request_text"));
                    m.put("status", rs.getString("status"));
                    m.put("reviewerId", rs.getString("reviewer_id"));
                    m.put("reviewNote", rs.getString("review_note"));
                    m.put("createdAt", text(rs.getTimestamp("created_at")));
                    m.put("decidedAt", text(rs.getTimestamp("decided_at")));
                    return m;
                }).list()
                .forEach(m -> reviews.computeIfAbsent((String) m.remove("conversationId"), x -> new ArrayList<>()).add(m));
        Map<String, List<Map<String, Object>>> conversations = new LinkedHashMap<>();
        jdbc.sql("""
                select c.id, c.contact_id, c.crew_id, c.channel, c.status, c.assignee_id, c.subject, c.external_ref,
                       c.created_at, c.last_message_at, c.person_requested_at
                from crews_conversation c join crews_contact k on k.org_id = c.org_id and k.id = c.contact_id
                where c.org_id = ?""" + filter + " order by c.created_at, c.id")
                .params(params).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getString("id"));
                    m.put("contactId", rs.getString("contact_id"));
                    m.put("crewId", rs.getString("crew_id"));
                    m.put("channel", rs.getString("channel"));
                    m.put("status", rs.getString("status"));
                    m.put("assigneeId", rs.getString("assignee_id"));
                    m.put("subject", rs.getString("subject"));
                    m.put("externalRef", rs.getString("external_ref"));
                    m.put("createdAt", text(rs.getTimestamp("created_at")));
                    m.put("lastMessageAt", text(rs.getTimestamp("last_message_at")));
                    m.put("personRequestedAt", text(rs.getTimestamp("person_requested_at")));
                    return m;
                }).list()
                .forEach(c -> {
                    c.put("messages", messages.getOrDefault((String) c.get("id"), List.of()));
                    c.put("results", results.getOrDefault((String) c.get("id"), List.of()));
                    c.put("reviews", reviews.getOrDefault((String) c.get("id"), List.of()));
                    conversations.computeIfAbsent((String) c.remove("contactId"), x -> new ArrayList<>()).add(c);
                });
        return jdbc.sql("select k.id, k.name, k.email, k.phone, k.company, k.fields::text as fields, k.created_at, k.updated_at"
                        + " from crews_contact k where k.org_id = ?" + filter + " order by k.created_at, k.id")
                .params(params).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getString("id"));
                    m.put("name", rs.getString("name"));
                    m.put("email", rs.getString("email"));
                    m.put("phone", rs.getString("phone"));
                    m.put("company", rs.getString("company"));
                    m.put("fields", json.readValue(rs.getString("fields"), Object.class));
                    m.put("createdAt", text(rs.getTimestamp("created_at")));
                    m.put("updatedAt", text(rs.getTimestamp("updated_at")));
                    return m;
                }).list().stream().peek(k -> k.put("conversations", conversations.getOrDefault((String) k.get("id"), List.of())))
                .toList();
    }

    private Map<String, Object> message(ResultSet rs, int n) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getString("id"));
        m.put("conversationId", rs.getString("conversation_id"));
        m.put("author", rs.getString("author"));
        m.put("authorUserId", rs.getString("author_user_id"));
        m.put("body", rs.getString("body"));
        m.put("messageId", rs.getString("message_id"));
        m.put("inReplyTo", rs.getString("in_reply_to"));
        m.put("citations", json.readValue(rs.getString("citations"), Object.class));
        m.put("createdAt", text(rs.getTimestamp("created_at")));
        return m;
    }

    private static String text(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }
}
