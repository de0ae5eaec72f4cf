package dev.charter.reviews.internal;

import dev.charter.privacy.PersonalDataExporter;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Reviews export section (DSR-1): the organization's signals (as stored: allowlisted metadata only), its read
 * cursors and its settings. Signals name people by their identity in each tool, not by account, so a person's own
 * export holds only the settings they changed.
 */
@Component
class ReviewsExporter implements PersonalDataExporter {

    private final JdbcClient jdbc;

    ReviewsExporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String section() {
        return "reviews";
    }

    @Override
    public Set<String> dataClasses() {
        return Set.of("reviews.signals", "reviews.sync-cursors", "reviews.settings");
    }

    @Override
    public Object exportPerson(OrgId org, UserId person) {
        return Map.of("settings", settings(org, person));
    }

    @Override
    public Object exportOrganization(OrgId org) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("signals", jdbc.sql("""
                select id::text as id, connection_id::text as connection_id, source, kind, external_id, identity,
                       occurred_at::text as occurred_at, title, facts::text as facts, link, count, synced_at::text as synced_at
                from reviews_signal where org_id = ? order by occurred_at, id""").param(org.value()).query().listOfRows());
        out.put("syncCursors", jdbc.sql("""
                select id::text as id, connection_id::text as connection_id, scope, watermark, signals, last_error,
                       updated_at::text as updated_at, every_seconds, next_run_at::text as next_run_at, state, position,
                       pass_newest, pass_pages, pass_signals, pass_started_at::text as pass_started_at,
                       retry_at::text as retry_at, last_finished_at::text as last_finished_at
                from reviews_sync_cursor where org_id = ? order by connection_id, scope""").param(org.value()).query().listOfRows());
        out.put("settings", settings(org, null));
        return out;
    }

    private List<Map<String, Object>> settings(OrgId org, UserId person) {
        return jdbc.sql("select email_subjects, updated_at::text as updated_at from reviews_settings where org_id = ?"
                        + (person == null ? "" : " and updated_by = ?"))
                .params(person == null ? new Object[] {org.value()} : new Object[] {org.value(), person.value()})
                .query().listOfRows();
    }
}
