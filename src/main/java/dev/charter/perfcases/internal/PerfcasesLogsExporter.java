package dev.charter.perfcases.internal;

import dev.charter.privacy.PersonalDataExporter;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Perf cases logs export section (DSR-1): the log sources (without any credential reference), strict mode and
 * the aggregates read for cases. None of it is about a person, so a person's part is empty.
 */
@Component
class PerfcasesLogsExporter implements PersonalDataExporter {

    private final JdbcClient jdbc;

    PerfcasesLogsExporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String section() {
        return "perfcasesLogs";
    }

    @Override
    public Set<String> dataClasses() {
        return Set.of("perfcases.log-sources", "perfcases.log-settings", "perfcases.log-aggregates");
    }

    @Override
    public Object exportPerson(OrgId org, UserId person) {
        return Map.of();
    }

    @Override
    public Object exportOrganization(OrgId org) {
        return Map.of("sources", rows("""
                        select id, kind, label, address, auth_scheme, grant_spec::text as grant_spec, status, created_at,
                               revoked_at
                        from perfcases_log_source where org_id = ? order by created_at, id""", org),
                "settings", rows("select strict, updated_by, updated_at from perfcases_log_settings where org_id = ?", org),
                "aggregates", rows("""
                        select id, case_id, source_id, language, query, result::text as result, read_at
                        from perfcases_log_aggregate where org_id = ? order by read_at, id""", org));
    }

    private List<Map<String, Object>> rows(String sql, OrgId org) {
        return jdbc.sql(sql).param(org.value()).query().listOfRows();
    }
}
