package dev.charter.perfcases.internal;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionRule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What Perf cases store, for the data-class registry (RET-1, PRF-1): the grants, the aggregates per service version
 * and the cases. No raw sample, event, span or log line is among them. All live as long as the organization's
 * workspace and go when the organization is erased.
 */
@Configuration(proxyBeanMethods = false)
class PerfcasesDataClasses {

    @Bean
    DataClasses perfcasesDeclarations() {
        return DataClasses.of("perfcases",
                DataClass.of("perfcases.connections", "perfcases_connection")
                        .columns("id", "org_id", "kind", "label", "base_url", "auth_scheme", "credential_id",
                                "credential_purpose", "service_label", "version_label", "version_source", "latency_metric",
                                "status_label", "cpu_metric", "lookback_seconds", "step_seconds", "min_samples", "min_effect",
                                "alpha", "check_every_seconds", "last_pass_at", "status", "created_by", "created_at",
                                "revoked_at")
                        .holds("Each telemetry connection: the source's address, what the grant lets Charter read, the "
                                + "detection settings and a reference to the credential in the vault (never the credential)")
                        .purpose("Reading the aggregates the organization granted")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Perf cases").org("org_id").build(),
                DataClass.of("perfcases.versions", "perfcases_version")
                        .columns("org_id", "connection_id", "service", "version", "first_seen_at", "last_seen_at", "summary")
                        .holds("Per service version: when it was first and last seen and aggregates of its window "
                                + "(sample counts, medians and percentiles of request rate, latency, error rate and CPU)")
                        .purpose("Comparing each new version of a service with the one before it")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("perfcases_connection", "connection_id"))
                        .exported(true).erased(true).products("Perf cases").org("org_id").build(),
                DataClass.of("perfcases.cases", "perfcases_case")
                        .columns("id", "org_id", "connection_id", "service", "metric", "baseline_version",
                                "candidate_version", "origin", "status", "title", "evidence", "opened_by", "opened_at",
                                "closed_at")
                        .holds("Performance cases: service, metric, the two versions compared, the statistics and both "
                                + "versions' aggregated series")
                        .purpose("Showing where a release made a service slower")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("perfcases_connection", "connection_id"))
                        .exported(true).erased(true).products("Perf cases").org("org_id").build(),
                DataClass.of("perfcases.support-grants", "perfcases_support_grant")
                        .columns("id", "org_id", "case_id", "operator_id", "reason", "granted_by", "granted_at", "expires_at",
                                "revoked_by", "revoked_at")
                        .holds("Support grants: which server operator may read which case, why, who gave and who revoked "
                                + "the grant, and until when")
                        .purpose("Letting a server operator help with one case for a bounded time, with the organization's consent")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("perfcases_case", "case_id"))
                        .exported(true).erased(true).products("Perf cases").org("org_id").build(),
                DataClass.of("perfcases.access-proposals", "perfcases_access_proposal")
                        .columns("id", "org_id", "case_id", "connection_id", "scope", "subject", "justification", "status",
                                "proposed_by", "proposed_at", "decided_by", "decided_at", "withdrawn_by", "withdrawn_at")
                        .holds("Access beyond a grant proposed on a case (an attribute key of the spans), why, and who "
                                + "approved, denied or withdrew it when")
                        .purpose("Reading more than a grant only once an admin approved it for the case")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("perfcases_case", "case_id"))
                        .exported(true).erased(true).products("Perf cases").org("org_id").build(),
                DataClass.of("perfcases.span-aggregates", "perfcases_span_aggregate")
                        .columns("id", "org_id", "case_id", "connection_id", "service", "version", "span_name", "attributes",
                                "span_count", "error_count", "p50_seconds", "p95_seconds", "p99_seconds", "window_start",
                                "window_end", "read_at")
                        .holds("Per case, service version, span name and value of an approved attribute key: the span "
                                + "count, errors and duration percentiles (never a span, a trace id or another attribute)")
                        .purpose("Showing which spans of a service a release made slower")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("perfcases_case", "case_id"))
                        .exported(true).erased(true).products("Perf cases").org("org_id").build(),
                DataClass.of("perfcases.flame-summaries", "perfcases_flame_summary")
                        .columns("id", "org_id", "case_id", "connection_id", "source", "version", "profile_type", "unit",
                                "total", "frames", "window_start", "window_end", "read_at", "read_by")
                        .holds("Per case and version, the flame summary of a profile read from Pyroscope or an uploaded "
                                + "JFR file: the total sampled value and the top frames (function names) with their self "
                                + "and total values (never a label, a thread name, a file name or the profile itself)")
                        .purpose("Showing which code a release made spend more time")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("perfcases_case", "case_id"))
                        .exported(true).erased(true).products("Perf cases").org("org_id").build(),
                DataClass.of("perfcases.code-hosts", "perfcases_code_host")
                        .columns("id", "org_id", "label", "api_base", "git_base", "app_id", "installation_id", "account",
                                "app_key_id", "webhook_secret_id", "status", "ended_reason", "created_by", "created_at",
                                "ended_at")
                        .holds("Each GitHub App installation: the App and installation ids, the account, the API and git "
                                + "addresses, whether it still gives access, and references to its private key and webhook "
                                + "secret in the vault (never the secrets)")
                        .purpose("Reaching the repositories the organization selected, for agent sessions")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Perf cases").org("org_id").build(),
                DataClass.of("perfcases.agent-sessions", "perfcases_agent_session")
                        .columns("id", "org_id", "case_id", "code_host_id", "repo_owner", "repo_name", "good_ref", "bad_ref",
                                "settings", "status", "outcome", "step", "culprit", "result", "pull_number", "pull_url",
                                "error", "started_by", "created_at", "started_at", "ended_at")
                        .holds("Agent sessions on a case: the repository and versions, the build, test and benchmark "
                                + "commands, the benchmark's figures and statistics, the culprit commit and its subject, "
                                + "the pull request's number and address")
                        .purpose("Finding the commit that made a service slower and proposing its fix")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("perfcases_case", "case_id"))
                        .exported(true).erased(true).products("Perf cases").org("org_id").build(),
                DataClass.of("perfcases.agent-logs", "perfcases_agent_log")
                        .columns("session_id", "seq", "org_id", "at", "line")
                        .holds("An agent session's log: Charter's steps and what the repository's build, test and "
                                + "benchmark commands printed in the sandbox (the session token cut out)")
                        .purpose("Showing what an agent session did, live and afterwards")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("perfcases_agent_session", "session_id"))
                        .exported(true).erased(true).products("Perf cases").org("org_id").build());
    }
}
