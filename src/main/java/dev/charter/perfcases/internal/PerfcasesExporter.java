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
 * The Perf cases export section (DSR-1). None of it is about a person, so a person's part is empty; an owner's
 * organization part holds the connections (without any credential reference), the version aggregates, the cases,
 * their access proposals, span aggregates and flame summaries, the GitHub App installations (without the
 * references to their secrets), the agent sessions and their logs.
 */
@Component
class PerfcasesExporter implements PersonalDataExporter {

    private final JdbcClient jdbc;

    PerfcasesExporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String section() {
        return "perfcases";
    }

    @Override
    public Set<String> dataClasses() {
        return Set.of("perfcases.connections", "perfcases.versions", "perfcases.cases", "perfcases.support-grants",
                "perfcases.access-proposals", "perfcases.span-aggregates", "perfcases.flame-summaries",
                "perfcases.code-hosts", "perfcases.agent-sessions", "perfcases.agent-logs");
    }

    @Override
    public Object exportPerson(OrgId org, UserId person) {
        return Map.of();
    }

    @Override
    public Object exportOrganization(OrgId org) {
        return Map.ofEntries(Map.entry("connections", rows("""
                        select id, kind, label, base_url, auth_scheme, service_label, version_label, version_source,
                               latency_metric, status_label, cpu_metric, lookback_seconds, step_seconds, min_samples, min_effect,
                               alpha, check_every_seconds, last_pass_at, status, created_at, revoked_at
                        from perfcases_connection where org_id = ? order by created_at, id""", org)),
                Map.entry("versions", rows("""
                        select connection_id, service, version, first_seen_at, last_seen_at, summary::text as summary
                        from perfcases_version where org_id = ? order by connection_id, service, first_seen_at""", org)),
                Map.entry("cases", rows("""
                        select id, connection_id, service, metric, baseline_version, candidate_version, origin, status, title,
                               evidence::text as evidence, opened_at, closed_at
                        from perfcases_case where org_id = ? order by opened_at, id""", org)),
                Map.entry("supportGrants", rows("""
                        select g.id, g.case_id, u.email as operator_email, g.reason, g.granted_by, g.granted_at, g.expires_at,
                               g.revoked_by, g.revoked_at
                        from perfcases_support_grant g join identity_user u on u.id = g.operator_id
                        where g.org_id = ? order by g.granted_at, g.id""", org)),
                Map.entry("accessProposals", rows("""
                        select id, case_id, connection_id, scope, subject, justification, status, proposed_by, proposed_at,
                               decided_by, decided_at, withdrawn_by, withdrawn_at
                        from perfcases_access_proposal where org_id = ? order by proposed_at, id""", org)),
                Map.entry("spanAggregates", rows("""
                        select case_id, connection_id, service, version, span_name, attributes::text as attributes, span_count,
                               error_count, p50_seconds, p95_seconds, p99_seconds, window_start, window_end, read_at
                        from perfcases_span_aggregate where org_id = ?
                        order by case_id, connection_id, version, span_name, attributes::text""", org)),
                Map.entry("flameSummaries", rows("""
                        select id, case_id, connection_id, source, version, profile_type, unit, total, frames::text as frames,
                               window_start, window_end, read_at, read_by
                        from perfcases_flame_summary where org_id = ? order by case_id, read_at, id""", org)),
                Map.entry("codeHosts", rows("""
                        select id, label, api_base, git_base, app_id, installation_id, account, status, ended_reason,
                               created_by, created_at, ended_at
                        from perfcases_code_host where org_id = ? order by created_at, id""", org)),
                Map.entry("agentSessions", rows("""
                        select id, case_id, code_host_id, repo_owner, repo_name, good_ref, bad_ref, settings::text as settings,
                               status, outcome, step, culprit, result::text as result, pull_number, pull_url, error, started_by,
                               created_at, started_at, ended_at
                        from perfcases_agent_session where org_id = ? order by created_at, id""", org)),
                Map.entry("agentLogs", rows("""
                        select session_id, seq, at, line from perfcases_agent_log where org_id = ?
                        order by session_id, seq""", org)));
    }

    private List<Map<String, Object>> rows(String sql, OrgId org) {
        return jdbc.sql(sql).param(org.value()).query().listOfRows();
    }
}
