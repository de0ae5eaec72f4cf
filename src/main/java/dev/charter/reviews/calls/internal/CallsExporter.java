package dev.charter.reviews.calls.internal;

import dev.charter.privacy.PersonalDataExporter;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code reviews-calls} export section: a person's part holds the calls they were the reviewee of, with their
 * analysis and signals; an owner's organization part adds the call settings (without the vault ids of the webhook
 * secrets) and every call.
 */
@Component
class CallsExporter implements PersonalDataExporter {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final CallSettingsRepository settings;

    CallsExporter(JdbcClient jdbc, CallSettingsRepository settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    @Override
    public String section() {
        return "reviews-calls";
    }

    @Override
    public Set<String> dataClasses() {
        return Set.of("reviews.calls-settings", "reviews.calls", "reviews.call-signals");
    }

    @Override
    public Object exportPerson(OrgId org, UserId person) {
        return Map.of("calls", calls(org, person.value()), "signals", signals(org, person.value()));
    }

    @Override
    public Object exportOrganization(OrgId org) {
        CallSettings s = settings.get(org);
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("enabled", s.enabled());
        set.put("attestationVersion", s.attestationVersion());
        set.put("enabledBy", s.enabledBy() == null ? null : s.enabledBy().toString());
        set.put("enabledAt", text(s.enabledAt()));
        set.put("disabledAt", text(s.disabledAt()));
        set.put("internalDomains", s.internalDomains());
        set.put("zoomConnection", s.zoomConnectionId() == null ? null : s.zoomConnectionId().toString());
        set.put("aircallConnection", s.aircallConnectionId() == null ? null : s.aircallConnectionId().toString());
        set.put("teamsConnection", s.teamsConnectionId() == null ? null : s.teamsConnectionId().toString());
        out.put("settings", set);
        out.put("calls", calls(org, null));
        out.put("signals", signals(org, null));
        return out;
    }

    private List<Map<String, Object>> calls(OrgId org, UUID person) {
        String filter = person == null ? "" : " and reviewee_id = ?";
        Object[] params = person == null ? new Object[] {org.value()} : new Object[] {org.value(), person};
        return jdbc.sql("""
                select id, provider, external_id, host_email, reviewee_id, started_at, duration_s, status, reason,
                       attendees_internal, attendees_external, attendees_unknown, analysis::text as analysis, received_at,
                       analysed_at
                from reviews_calls_call where org_id = ?""" + filter + " order by received_at, id")
                .params(params).query(CallsExporter::call).list();
    }

    private List<Map<String, Object>> signals(OrgId org, UUID person) {
        String filter = person == null ? "" : " and person_id = ?";
        Object[] params = person == null ? new Object[] {org.value()} : new Object[] {org.value(), person};
        return jdbc.sql("select id, call_id, person_id, kind, value, occurred_at from reviews_calls_signal where org_id = ?"
                        + filter + " order by occurred_at, id")
                .params(params).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getString("id"));
                    m.put("callId", rs.getString("call_id"));
                    m.put("personId", rs.getString("person_id"));
                    m.put("kind", rs.getString("kind"));
                    m.put("value", rs.getString("value"));
                    m.put("at", text(rs.getTimestamp("occurred_at")));
                    return m;
                }).list();
    }

    private static Map<String, Object> call(ResultSet rs, int n) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getString("id"));
        m.put("provider", rs.getString("provider"));
        m.put("externalId", rs.getString("external_id"));
        m.put("hostEmail", rs.getString("host_email"));
        m.put("revieweeId", rs.getString("reviewee_id"));
        m.put("startedAt", text(rs.getTimestamp("started_at")));
        m.put("durationSeconds", rs.getObject("duration_s"));
        m.put("status", rs.getString("status"));
        m.put("reason", rs.getString("reason"));
        m.put("attendeesInternal", rs.getObject("attendees_internal"));
        m.put("attendeesExternal", rs.getObject("attendees_external"));
        m.put("attendeesUnknown", rs.getObject("attendees_unknown"));
        String analysis = rs.getString("analysis");
        m.put("analysis", analysis == null ? null : json.readValue(analysis, Object.class));
        m.put("receivedAt", text(rs.getTimestamp("received_at")));
        m.put("analysedAt", text(rs.getTimestamp("analysed_at")));
        return m;
    }

    private static String text(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
