package dev.charter.crews.internal;

import dev.charter.crews.CrewsSettings;
import dev.charter.shared.OrgId;
import java.sql.Array;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of crews_crew and crews_settings, scoped by organization. */
@Repository
class CrewRepository {

    record CrewRow(UUID id, UUID orgId, String name, String definition, List<String> origins, Instant createdAt,
                   Instant updatedAt, UUID widgetKey) {}

    private final JdbcClient jdbc;

    CrewRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OrgId org, UUID id, String name, String definition, List<String> origins) {
        jdbc.sql("insert into crews_crew (id, org_id, name, definition, origins) values (?, ?, ?, cast(? as jsonb), ?)")
                .params(id, org.value(), name, definition, origins.toArray(String[]::new)).update();
    }

    int update(OrgId org, UUID id, String name, String definition, List<String> origins) {
        return jdbc.sql("""
                update crews_crew set name = ?, definition = cast(? as jsonb), origins = ?, updated_at = now()
                where org_id = ? and id = ?""")
                .params(name, definition, origins.toArray(String[]::new), org.value(), id).update();
    }

    int delete(OrgId org, UUID id) {
        return jdbc.sql("delete from crews_crew where org_id = ? and id = ?").params(org.value(), id).update();
    }

    Optional<CrewRow> find(OrgId org, UUID id) {
        return jdbc.sql("select id, org_id, name, definition::text, origins, created_at, updated_at, widget_key from crews_crew where org_id = ? and id = ?")
                .params(org.value(), id).query(CrewRepository::row).optional();
    }

    List<CrewRow> list(OrgId org) {
        return jdbc.sql("select id, org_id, name, definition::text, origins, created_at, updated_at, widget_key from crews_crew where org_id = ? order by created_at, id")
                .param(org.value()).query(CrewRepository::row).list();
    }

    /**
     * The crew whose widget has this public key, of whichever organization: the one lookup without an organization,
     * because the key in a site's snippet is what names the organization. Everything after it carries the org.
     */
    Optional<CrewRow> findByWidgetKey(UUID widgetKey) {
        return jdbc.sql("select id, org_id, name, definition::text, origins, created_at, updated_at, widget_key from crews_crew where widget_key = ?")
                .param(widgetKey).query(CrewRepository::row).optional();
    }

    Optional<String> leadWebhook(OrgId org) {
        return jdbc.sql("select lead_webhook_url from crews_settings where org_id = ?").param(org.value())
                .query(String.class).optional().filter(u -> u != null && !u.isBlank());
    }

    void saveLeadWebhook(OrgId org, String url) {
        jdbc.sql("""
                insert into crews_settings (org_id, lead_webhook_url) values (?, ?)
                on conflict (org_id) do update set lead_webhook_url = excluded.lead_webhook_url, updated_at = now()""")
                .params(org.value(), url).update();
    }

    CrewsSettings settings(OrgId org) {
        return jdbc.sql("select retention_days, usage_statistics from crews_settings where org_id = ?").param(org.value())
                .query((rs, n) -> new CrewsSettings(rs.getInt(1), rs.getBoolean(2))).optional()
                .orElse(new CrewsSettings(CrewsSettings.DEFAULT_RETENTION_DAYS, true));
    }

    void saveSettings(OrgId org, CrewsSettings s) {
        jdbc.sql("""
                insert into crews_settings (org_id, retention_days, usage_statistics) values (?, ?, ?)
                on conflict (org_id) do update set retention_days = excluded.retention_days,
                    usage_statistics = excluded.usage_statistics, updated_at = now()""")
                .params(org.value(), s.retentionDays(), s.usageStatistics()).update();
    }

    private static CrewRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Array a = rs.getArray("origins");
        List<String> origins = a == null ? List.of() : Arrays.asList((String[]) a.getArray());
        return new CrewRow(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class), rs.getString("name"),
                rs.getString("definition"), List.copyOf(origins), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getObject("widget_key", UUID.class));
    }
}
