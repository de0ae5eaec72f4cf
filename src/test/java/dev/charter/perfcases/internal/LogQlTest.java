package dev.charter.perfcases.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** PRF-3: the LogQL parser lets through metric queries grouped by granted labels, and nothing that returns lines. */
class LogQlTest {

    static final List<String> GRANT = List.of("service_name", "service_version", "level");

    @Test
    @Tag("claim:PRF-3")
    void metricQueriesAreParsedAndWrittenOutAgain() {
        assertThat(LogQl.parse("sum by (service_name) (count_over_time({app=\"shop\"} |= \"error\" [5m]))", GRANT).render())
                .isEqualTo("sum by (service_name) (count_over_time({app=\"shop\"} |= \"error\" [5m]))");
        assertThat(LogQl.parse("sum(rate({app=`shop`, env!=\"dev\"} | json | status >= 500 [1m])) by (service_version)",
                GRANT).render())
                .isEqualTo("sum by (service_version) (rate({app=\"shop\", env!=\"dev\"} | json | status >= 500 [1m]))");
        assertThat(LogQl.parse("max by (service_name) (quantile_over_time(0.95, {app=\"shop\"} | logfmt | unwrap duration_ms [5m]) by (service_name))",
                GRANT).render())
                .isEqualTo("max by (service_name) (quantile_over_time(0.95, {app=\"shop\"} | logfmt | unwrap duration_ms [5m]) by (service_name))");
    }

    @Test
    @Tag("claim:PRF-3")
    void logLineQueriesAndLabelLeaksAreRefusedWithTheReason() {
        assertThatThrownBy(() -> LogQl.parse("{app=\"shop\"} |= \"error\"", GRANT))
                .isInstanceOf(LogQl.Refused.class).hasMessageContaining("log query");
        assertThatThrownBy(() -> LogQl.parse("count_over_time({app=\"shop\"}[5m])", GRANT))
                .isInstanceOf(LogQl.Refused.class).hasMessageContaining("outermost");
        assertThatThrownBy(() -> LogQl.parse("sum by (msg) (count_over_time({app=\"shop\"} | json [5m]))", GRANT))
                .isInstanceOf(LogQl.Refused.class).hasMessageContaining("msg is outside the grant");
        assertThatThrownBy(() -> LogQl.parse("sum without (level) (count_over_time({app=\"shop\"}[5m]))", GRANT))
                .isInstanceOf(LogQl.Refused.class).hasMessageContaining("without");
        assertThatThrownBy(() -> LogQl.parse("sum(count_over_time({app=\"shop\"} | line_format \"{{.msg}}\" [5m]))", GRANT))
                .isInstanceOf(LogQl.Refused.class).hasMessageContaining("outside the subset");
        assertThatThrownBy(() -> LogQl.parse("sum(quantile_over_time(0.9, {app=\"shop\"}[5m]))", GRANT))
                .isInstanceOf(LogQl.Refused.class).hasMessageContaining("unwrap");
        assertThatThrownBy(() -> LogQl.parse("sum(count_over_time({app=\"shop\"}[5m])) or {app=\"x\"}", GRANT))
                .isInstanceOf(LogQl.Refused.class).hasMessageContaining("end of the query");
        assertThatThrownBy(() -> LogQl.parse("sum(count_over_time({app=\"shop}[5m]))", GRANT))
                .isInstanceOf(LogQl.Refused.class).hasMessageContaining("not closed");
    }
}
