package dev.charter.pilots.internal;

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

/**
 * The Pilots' export section (DSR-1): each Pilot as configured (title, description, trigger, steps and sample
 * payload), with its run history and each run's steps (input, output, error). A person's part holds the Pilots
 * they own; an owner's organization part holds every Pilot of the organization. The delivery secret's nonce
 * is left out: it is key material, not data about anyone.
 */
@Component
class PilotsExporter implements PersonalDataExporter {

    private final JdbcClient jdbc;

    PilotsExporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String section() {
        return "pilots";
    }

    @Override
    public Set<String> dataClasses() {
        return Set.of("pilots.pilots", "pilots.runs", "pilots.step-runs");
    }

    @Override
    public Object exportPerson(OrgId org, UserId person) {
        return Map.of("pilots", pilots(org, person.value()));
    }

    @Override
    public Object exportOrganization(OrgId org) {
        return Map.of("pilots", pilots(org, null));
    }

    /** The organization's Pilots (of one owner, when {@code owner} is set), each with its runs and their steps. */
    private List<Map<String, Object>> pilots(OrgId org, UUID owner) {
        String ownerFilter = owner == null ? "" : " and p.owner_id = ?";
        Object[] params = owner == null ? new Object[] {org.value()} : new Object[] {org.value(), owner};
        List<Map<String, Object>> pilots = jdbc.sql("""
                select p.id, p.owner_id, p.title, p.description, p.enabled, p.trigger_kind, p.cron, p.time_zone, p.next_run_at,
                       p.steps::text as steps, p.sample_payload::text as sample_payload, p.created_at, p.updated_at
                from pilots_pilot p where p.org_id = ?""" + ownerFilter + " order by p.created_at, p.id")
                .params(params).query(PilotsExporter::pilot).list();
        Map<String, List<Map<String, Object>>> runsByPilot = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> stepsByRun = new LinkedHashMap<>();
        jdbc.sql("""
                select s.run_id, s.position, s.name, s.kind, s.status, s.input::text as input, s.output::text as output,
                       s.error, s.started_at, s.finished_at
                from pilots_step_run s join pilots_run r on r.org_id = s.org_id and r.id = s.run_id
                join pilots_pilot p on p.id = r.pilot_id
                where s.org_id = ? and r.org_id = s.org_id and p.org_id = s.org_id""" + ownerFilter
                + " order by s.run_id, s.position")
                .params(params).query(PilotsExporter::step).list()
                .forEach(s -> stepsByRun.computeIfAbsent((String) s.remove("runId"), k -> new ArrayList<>()).add(s));
        jdbc.sql("""
                select r.id, r.pilot_id, r.status, r.trigger, r.payload::text as payload, r.error, r.created_at, r.started_at,
                       r.finished_at
                from pilots_run r join pilots_pilot p on p.id = r.pilot_id
                where r.org_id = ? and p.org_id = r.org_id""" + ownerFilter + " order by r.created_at, r.id")
                .params(params).query(PilotsExporter::run).list()
                .forEach(r -> {
                    r.put("steps", stepsByRun.getOrDefault((String) r.get("id"), List.of()));
                    runsByPilot.computeIfAbsent((String) r.remove("pilotId"), k -> new ArrayList<>()).add(r);
                });
        pilots.forEach(p -> p.put("runs", runsByPilot.getOrDefault((String) p.get("id"), List.of())));
        return pilots;
    }

    private static Map<String, Object> pilot(ResultSet rs, int n) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getString("id"));
        m.put("ownerId", rs.getString("owner_id"));
        m.put("title", rs.getString("title"));
        m.put("description", rs.getString("description"));
        m.put("enabled", rs.getBoolean("enabled"));
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("kind", rs.getString("trigger_kind"));
        trigger.put("cron", rs.getString("cron"));
        trigger.put("timeZone", rs.getString("time_zone"));
        trigger.put("nextRunAt", text(rs.getTimestamp("next_run_at")));
        m.put("trigger", trigger);
        m.put("steps", PilotRepositoryView.parse(rs.getString("steps")));
        m.put("samplePayload", PilotRepositoryView.parse(rs.getString("sample_payload")));
        m.put("createdAt", text(rs.getTimestamp("created_at")));
        m.put("updatedAt", text(rs.getTimestamp("updated_at")));
        return m;
    }

    private static Map<String, Object> run(ResultSet rs, int n) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getString("id"));
        m.put("pilotId", rs.getString("pilot_id"));
        m.put("status", rs.getString("status"));
        m.put("trigger", rs.getString("trigger"));
        m.put("payload", PilotRepositoryView.parse(rs.getString("payload")));
        m.put("error", rs.getString("error"));
        m.put("createdAt", text(rs.getTimestamp("created_at")));
        m.put("startedAt", text(rs.getTimestamp("started_at")));
        m.put("finishedAt", text(rs.getTimestamp("finished_at")));
        return m;
    }

    private static Map<String, Object> step(ResultSet rs, int n) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", rs.getString("run_id"));
        m.put("position", rs.getInt("position"));
        m.put("name", rs.getString("name"));
        m.put("kind", rs.getString("kind"));
        m.put("status", rs.getString("status"));
        m.put("input", PilotRepositoryView.parse(rs.getString("input")));
        m.put("output", PilotRepositoryView.parse(rs.getString("output")));
        m.put("error", rs.getString("error"));
        m.put("startedAt", text(rs.getTimestamp("started_at")));
        m.put("finishedAt", text(rs.getTimestamp("finished_at")));
        return m;
    }

    private static String text(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }
}
