package dev.charter.audit.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

@Component
class JdbcAuditLog implements AuditLog {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    JdbcAuditLog(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void record(AuditEvent e) {
        Map<String, String> sorted = new TreeMap<>(e.details());
        jdbc.sql("""
                insert into audit_event (org_id, actor_id, subject_id, action, target, details)
                values (?, ?, ?, ?, ?, cast(? as jsonb))""")
                .params(e.org() == null ? null : e.org().value(), e.actor(), e.subject(), e.action(), e.target(),
                        json.writeValueAsString(sorted))
                .update();
    }
}
