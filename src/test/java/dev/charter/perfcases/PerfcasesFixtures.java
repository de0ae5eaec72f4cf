package dev.charter.perfcases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Http;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Cases for tests of what is read for a case (spans, profiles): written as a detection pass writes them. */
final class PerfcasesFixtures {

    private PerfcasesFixtures() {}

    /**
     * A case on checkout 1.0 → 1.1 of {@code metric}, on a Prometheus connection that is never queried (it checks once a
     * day, at an address nothing listens on).
     */
    static String openCase(Tenant t, DatabaseTarget database, String metric, String title) {
        Http.Response r = t.api().postJson("/api/v1/perfcases/connections", Map.of("kind", "PROMETHEUS", "label", "metrics",
                "baseUrl", "http://127.0.0.1:9", "detection", Map.of("checkEvery", "PT24H")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        UUID caseId = UUID.randomUUID();
        Owner.jdbc(database).sql("""
                insert into perfcases_case (id, org_id, connection_id, service, metric, baseline_version, candidate_version,
                    origin, status, title, opened_at) values (?, ?, ?::uuid, 'checkout', ?, '1.0', '1.1', 'DETECTED', 'OPEN', ?, ?)""")
                .params(caseId, t.org().value(), r.json().get("id").asString(), metric, title, Timestamp.from(Instant.now()))
                .update();
        return caseId.toString();
    }
}
