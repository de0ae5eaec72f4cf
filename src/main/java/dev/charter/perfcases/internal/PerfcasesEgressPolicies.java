package dev.charter.perfcases.internal;

import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where Perf cases may send: only the telemetry connection's own base URL, GET on the read paths of the
 * source's query API (Prometheus, Tempo's TraceQL metrics, Jaeger's v3 query API), and POST only to Pyroscope's
 * merged-profile query. The gateway's address checks and DLP apply as to every request.
 */
@Configuration(proxyBeanMethods = false)
class PerfcasesEgressPolicies {

    @Bean
    EgressPolicy perfcasesTelemetryPolicy() {
        return EgressPolicy.forPurpose(AuditedQueries.PURPOSE)
                .allow(Destination.connection().withMethods("GET")
                        .withPaths("/**/api/v1/query", "/**/api/v1/query_range", "/**/api/v1/series", "/**/api/v1/labels",
                                "/api/v1/query", "/api/v1/query_range", "/api/v1/series", "/api/v1/labels",
                                // Tempo's TraceQL metrics queries
                                "/**/api/metrics/query_range", "/api/metrics/query_range",
                                // Jaeger's v3 query API
                                "/**/api/v3/services", "/**/api/v3/operations", "/**/api/v3/traces",
                                "/api/v3/services", "/api/v3/operations", "/api/v3/traces"))
                // Pyroscope's Connect API: merged profiles, the one POST
                .allow(Destination.connection().withMethods("POST")
                        .withPaths("/**/querier.v1.QuerierService/SelectMergeProfile", "/querier.v1.QuerierService/SelectMergeProfile"))
                .maxRedirects(0)
                .requestsPerMinute(600)
                .build();
    }

    /**
     * An agent session's requests, through its egress socket: only to the code host the request's installation token
     * is bound to (the session's own grants and the code host's rules narrow it to the case's repository first).
     */
    @Bean
    EgressPolicy perfcasesAgentPolicy() {
        return EgressPolicy.forPurpose(AgentSessionService.PURPOSE)
                .allow(Destination.connection().withMethods("GET", "HEAD", "POST", "PATCH").withPaths("/**"))
                .maxRedirects(0)
                .requestsPerMinute(1200)
                .build();
    }
}
