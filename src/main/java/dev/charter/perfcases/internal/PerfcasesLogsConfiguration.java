package dev.charter.perfcases.internal;

import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionRule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Log sources (PRF-3): where their queries may go, and what they store for the data-class registry (RET-1, PRF-1).
 * No log line or raw column is stored: the sources, strict mode and the aggregates read for cases.
 */
@Configuration(proxyBeanMethods = false)
class PerfcasesLogsConfiguration {

    /** Only the log source's own address: Loki's range-query path (GET), or the granted PostgreSQL database. */
    @Bean
    EgressPolicy perfcasesLogsPolicy() {
        return EgressPolicy.forPurpose(LogReaders.PURPOSE)
                .allow(Destination.connection().withMethods("GET").withPaths("/**/loki/api/v1/query_range",
                        "/loki/api/v1/query_range"))
                .allow(Destination.postgresql())
                .maxRedirects(0)
                .requestsPerMinute(300)
                .build();
    }

    @Bean
    DataClasses perfcasesLogsDeclarations() {
        return DataClasses.of("perfcases",
                DataClass.of("perfcases.log-sources", "perfcases_log_source")
                        .columns("id", "org_id", "kind", "label", "address", "auth_scheme", "credential_id",
                                "credential_purpose", "grant_spec", "status", "created_by", "created_at", "revoked_at")
                        .holds("Each log source: its address, the views or labels the grant lets Charter aggregate over and "
                                + "a reference to the credential in the vault (never the credential)")
                        .purpose("Reading the log aggregates the organization granted")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Perf cases").org("org_id").build(),
                DataClass.of("perfcases.log-settings", "perfcases_log_settings")
                        .columns("org_id", "strict", "updated_by", "updated_at")
                        .holds("Whether the organization's strict mode, which grants no log access at all, is on")
                        .purpose("Keeping every log closed when the organization says so")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Perf cases").org("org_id").build(),
                DataClass.of("perfcases.log-aggregates", "perfcases_log_aggregate")
                        .columns("id", "org_id", "case_id", "source_id", "language", "query", "result", "read_by", "read_at")
                        .holds("Aggregates read from a log source for a case: the query as sent and its groups of granted "
                                + "column or label values with counts, percentiles and bucket counts; never a log line")
                        .purpose("Showing a case's evidence from the logs")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("perfcases_case", "case_id"))
                        .exported(true).erased(true).products("Perf cases").org("org_id").build());
    }
}
