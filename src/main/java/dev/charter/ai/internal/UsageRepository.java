package dev.charter.ai.internal;

import dev.charter.ai.AiProvider;
import dev.charter.ai.AiUsageDay;
import dev.charter.shared.OrgId;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code ai_usage} counters: one row per organization, day and provider, added to atomically. */
@Repository
class UsageRepository {

    private final JdbcClient jdbc;

    UsageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(OrgId org, LocalDate day, AiProvider provider, long inputTokens, long outputTokens) {
        jdbc.sql("""
                insert into ai_usage (org_id, day, provider, requests, input_tokens, output_tokens)
                values (:org, :day, :provider, 1, :input, :output)
                on conflict (org_id, day, provider) do update set
                    requests = ai_usage.requests + 1,
                    input_tokens = ai_usage.input_tokens + excluded.input_tokens,
                    output_tokens = ai_usage.output_tokens + excluded.output_tokens""")
                .param("org", org.value()).param("day", day).param("provider", provider.name())
                .param("input", Math.max(0, inputTokens)).param("output", Math.max(0, outputTokens))
                .update();
    }

    /** One failed model call of {@code provider}: no tokens, no answered request. */
    void addError(OrgId org, LocalDate day, AiProvider provider) {
        jdbc.sql("""
                insert into ai_usage (org_id, day, provider, requests, input_tokens, output_tokens, errors)
                values (:org, :day, :provider, 0, 0, 0, 1)
                on conflict (org_id, day, provider) do update set errors = ai_usage.errors + 1""")
                .param("org", org.value()).param("day", day).param("provider", provider.name())
                .update();
    }

    /** The latency of one answered request, added to the day's sum. */
    void addLatency(OrgId org, LocalDate day, AiProvider provider, long millis) {
        jdbc.sql("""
                insert into ai_usage (org_id, day, provider, requests, input_tokens, output_tokens, latency_ms)
                values (:org, :day, :provider, 0, 0, 0, :ms)
                on conflict (org_id, day, provider) do update set latency_ms = ai_usage.latency_ms + excluded.latency_ms""")
                .param("org", org.value()).param("day", day).param("provider", provider.name())
                .param("ms", Math.max(0, millis))
                .update();
    }

    /** Input plus output tokens the organization spent on models (not the local fallback) on {@code day}. */
    long modelTokens(OrgId org, LocalDate day) {
        return jdbc.sql("""
                select coalesce(sum(input_tokens + output_tokens), 0) from ai_usage
                where org_id = :org and day = :day and provider <> 'LOCAL'""")
                .param("org", org.value()).param("day", day).query(Long.class).single();
    }

    List<AiUsageDay> between(OrgId org, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select day, provider, requests, input_tokens, output_tokens, errors, latency_ms from ai_usage
                where org_id = :org and day between :from and :to order by day, provider""")
                .param("org", org.value()).param("from", from).param("to", to)
                .query((rs, i) -> new AiUsageDay(rs.getObject("day", LocalDate.class), AiProvider.valueOf(rs.getString("provider")),
                        rs.getLong("requests"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                        rs.getLong("errors"), rs.getLong("latency_ms")))
                .list();
    }
}
