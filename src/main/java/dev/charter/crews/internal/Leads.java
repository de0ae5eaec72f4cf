package dev.charter.crews.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.egress.EgressException;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.ConflictException;
import dev.charter.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Leads out: a lead sent as JSON to the URL the organization set (for example a Pilot's delivery URL), through the
 * egress gateway with its policy, address checks, DLP and audit like every outbound request; and the leads as CSV,
 * safe to open in a spreadsheet (a cell that a spreadsheet would read as a formula is prefixed with a quote).
 */
@Service
public class Leads {

    static final String PURPOSE = "crews.lead";

    /** What became of a lead sent out. */
    public record Sent(UUID contactId, int status, boolean delivered) {}

    private final CrewService crews;
    private final Contacts contacts;
    private final EgressGateway egress;
    private final AuditLog audit;
    private final CrewsUsage usage;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    Leads(CrewService crews, Contacts contacts, EgressGateway egress, AuditLog audit, CrewsUsage usage, JdbcClient jdbc,
          JsonMapper json, Clock clock) {
        this.crews = crews;
        this.contacts = contacts;
        this.egress = egress;
        this.audit = audit;
        this.usage = usage;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** The lead document: the contact's details, their own fields and how many conversations they had. */
    Map<String, Object> lead(OrgId org, UUID contactId) {
        Contacts.Contact c = contacts.find(org, contactId);
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("format", "charter.crews-lead/v1");
        lead.put("contactId", c.id().toString());
        lead.put("name", c.name());
        lead.put("email", c.email());
        lead.put("phone", c.phone());
        lead.put("company", c.company());
        lead.put("fields", c.fields());
        lead.put("conversations", jdbc.sql("select count(*) from crews_conversation where org_id = ? and contact_id = ?")
                .params(org.value(), contactId).query(Long.class).single());
        lead.put("sentAt", clock.instant().toString());
        return lead;
    }

    /** Sends the contact as a lead to the organization's lead URL; refused (409) when it set none. */
    public Sent send(CurrentUser me, UUID contactId) {
        Map<String, Object> lead = lead(me.orgId(), contactId);
        String url = crews.leadWebhook(me.orgId()).orElseThrow(() -> new ConflictException(
                "Set the URL leads are sent to first (Crews settings, 'Leads out')."));
        EgressResponse r;
        try {
            r = egress.send(EgressRequest.builder(PURPOSE, me.orgId()).actor(me.userId()).method("POST").url(url)
                    .header("Content-Type", "application/json")
                    .body(json.writeValueAsString(lead).getBytes(StandardCharsets.UTF_8)).build());
        } catch (EgressException e) {
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.lead.refused", "contact:" + contactId)
                    .with("reason", e.getClass().getSimpleName()));
            throw new ConflictException("The lead was not sent: " + e.getMessage());
        }
        boolean delivered = r.status() >= 200 && r.status() < 300;
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.lead.sent", "contact:" + contactId)
                .with("status", Integer.toString(r.status())));
        if (delivered) {
            usage.count(me.orgId(), "lead-sent");
        }
        return new Sent(contactId, r.status(), delivered);
    }

    /** The organization's contacts who gave an email, as CSV (RFC 4180, every cell quoted, formulas defused). */
    public String csv(CurrentUser me) {
        StringBuilder out = new StringBuilder("name,email,company,phone,conversations,created_at\r\n");
        jdbc.sql("""
                select k.name, k.email, k.company, k.phone,
                       (select count(*) from crews_conversation c where c.org_id = k.org_id and c.contact_id = k.id),
                       k.created_at
                from crews_contact k where k.org_id = ? and k.email is not null order by k.created_at, k.id""")
                .param(me.orgId().value())
                .query((rs, n) -> List.of(nz(rs.getString(1)), nz(rs.getString(2)), nz(rs.getString(3)),
                        nz(rs.getString(4)), Long.toString(rs.getLong(5)), rs.getTimestamp(6).toInstant().toString()))
                .list()
                .forEach(row -> out.append(String.join(",", row.stream().map(Leads::cell).toList())).append("\r\n"));
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.leads.exported", "crews-leads"));
        return out.toString();
    }

    /**
     * One CSV cell: quoted, inner quotes doubled; a value a spreadsheet would run as a formula (starting with =, +,
     * -, @, a tab or a carriage return) gets a leading apostrophe, so it is shown as text.
     */
    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
