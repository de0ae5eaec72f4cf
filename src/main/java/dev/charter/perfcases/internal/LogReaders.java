package dev.charter.perfcases.internal;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.DatabaseGateway;
import dev.charter.egress.DatabaseQuery;
import dev.charter.egress.DatabaseRows;
import dev.charter.egress.EgressException;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.perfcases.LogAggregate;
import dev.charter.perfcases.LogGrant;
import dev.charter.perfcases.LogSource;
import dev.charter.perfcases.PerfLogs;
import dev.charter.perfcases.TelemetryAuth;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads aggregates from log sources (PRF-3). SQL: the view's readable columns from the source's catalog, then one
 * {@link SqlAggregateQuery}, each through egress's {@link DatabaseGateway}. Loki: one parsed {@link LogQl} metric
 * query to {@code /loki/api/v1/query_range} through the {@link EgressGateway}. Every query is audited verbatim before
 * it is sent ({@link AuditedQueries#record}); an answer is turned into {@link LogAggregate.Group}s here, and only the
 * granted group-by values and numbers pass: a Loki answer of log lines ({@code streams}) or a series labelled outside
 * the grant is refused and dropped.
 */
@Component
class LogReaders {

    static final String PURPOSE = "perfcases.logs";
    static final Duration LOKI_RANGE = Duration.ofHours(1);
    static final Duration LOKI_STEP = Duration.ofMinutes(1);

    private final AuditedQueries audited;
    private final DatabaseGateway databases;
    private final EgressGateway egress;
    private final JsonMapper json;
    private final Clock clock;

    LogReaders(AuditedQueries audited, DatabaseGateway databases, EgressGateway egress, JsonMapper json, Clock clock) {
        this.audited = audited;
        this.databases = databases;
        this.egress = egress;
        this.json = json;
        this.clock = clock;
    }

    LogAggregate read(LogSource s, PerfLogs.Read r, UUID caseId, UserId actor) {
        try {
            return switch (s.kind()) {
                case SQL -> sql(s, r, caseId, actor);
                case LOKI -> loki(s, r, caseId, actor);
            };
        } catch (EgressException e) {
            throw new ConflictException("The log source could not be read: " + e.getMessage());
        }
    }

    private LogAggregate sql(LogSource s, PerfLogs.Read r, UUID caseId, UserId actor) {
        LogGrant.View view = s.grant().views().stream().filter(v -> v.name().equals(r.view())).findFirst()
                .orElseThrow(() -> new InvalidInputException(Map.of("view", "Read one of the granted views: "
                        + s.grant().views().stream().map(LogGrant.View::name).toList() + ".")));
        String[] name = SqlAggregateQuery.viewName(view.name());
        URI server = URI.create(s.address());
        Map<String, String> catalogParams = new LinkedHashMap<>();
        catalogParams.put("schema", name[0]);
        catalogParams.put("view", name[1]);
        DatabaseRows catalog = send(s, new TelemetryQuery("SQL", server.getRawPath(), null, SqlAggregateQuery.CATALOG,
                catalogParams), List.of(name[0], name[1]), caseId, actor);
        Map<String, String> columns = new LinkedHashMap<>();
        catalog.rows().forEach(row -> columns.put(String.valueOf(row.get(0)), String.valueOf(row.get(1))));
        SqlAggregateQuery q = SqlAggregateQuery.build(view, columns, r.groupBy(), r.measure(), r.column(), r.buckets());
        DatabaseRows rows = send(s, new TelemetryQuery("SQL", server.getRawPath(), null, q.sql(), Map.of()), List.of(),
                caseId, actor);
        List<LogAggregate.Group> groups = new ArrayList<>();
        for (List<Object> row : rows.rows()) {
            Map<String, String> by = new LinkedHashMap<>();
            Map<String, Double> values = new LinkedHashMap<>();
            for (int i = 0; i < rows.columns().size(); i++) {
                String column = rows.columns().get(i);
                Object v = row.get(i);
                if (q.groupBy().contains(column)) {
                    by.put(column, v == null ? "" : v.toString());
                } else if (column.equals("bucket") && q.measure() == SqlAggregateQuery.Measure.DISTRIBUTION) {
                    by.put("bucket", q.bucketLabel(v instanceof Number n ? n.longValue() : 0));
                } else if (v instanceof Number n) {
                    values.put(column, n.doubleValue());
                }
            }
            groups.add(new LogAggregate.Group(by, values));
        }
        return new LogAggregate(UUID.randomUUID(), caseId, s.id(), "SQL", q.sql(), groups, clock.instant());
    }

    private DatabaseRows send(LogSource s, TelemetryQuery q, List<Object> params, UUID caseId, UserId actor) {
        audited.record(s.org(), "log-source:" + s.id(), q, caseId, actor);
        return databases.query(new DatabaseQuery(PURPOSE, s.org(), actor, URI.create(s.address()), s.credential(), q.text(),
                params, SqlAggregateQuery.MAX_GROUPS));
    }

    private LogAggregate loki(LogSource s, PerfLogs.Read r, UUID caseId, UserId actor) {
        String logql;
        try {
            logql = LogQl.parse(r.logql(), s.grant().groupBy()).render();
        } catch (LogQl.Refused e) {
            throw new InvalidInputException(Map.of("logql", e.getMessage()));
        }
        Instant end = clock.instant();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("start", Long.toString(end.minus(LOKI_RANGE).getEpochSecond()));
        params.put("end", Long.toString(end.getEpochSecond()));
        params.put("step", LOKI_STEP.toSeconds() + "s");
        TelemetryQuery q = new TelemetryQuery("LogQL", "/loki/api/v1/query_range", "query", logql, params);
        URI base = URI.create(s.address());
        URI url = AuditedQueries.url(base, q);
        audited.record(s.org(), "log-source:" + s.id(), q, caseId, actor);
        CredentialUse credential = s.auth() == TelemetryAuth.NONE ? CredentialUse.none(base)
                : s.auth() == TelemetryAuth.BASIC ? CredentialUse.basic(s.credential(), base)
                : CredentialUse.bearer(s.credential(), base);
        EgressResponse response = egress.send(EgressRequest.builder(PURPOSE, s.org()).actor(actor).method("GET").url(url)
                .header("Accept", "application/json").credential(credential).build());
        return new LogAggregate(UUID.randomUUID(), caseId, s.id(), "LogQL", logql,
                lokiGroups(response, s.grant().groupBy()), clock.instant());
    }

    /** The series of a metric answer as groups; anything else (log lines, foreign labels) is refused, not kept. */
    private List<LogAggregate.Group> lokiGroups(EgressResponse r, List<String> allowed) {
        JsonNode body;
        try {
            body = json.readTree(r.body());
        } catch (RuntimeException e) {
            throw new ConflictException("Loki answered HTTP " + r.status() + " with something that is not its JSON.");
        }
        if (!r.isSuccess() || !"success".equals(body.path("status").asString(""))) {
            throw new ConflictException("Loki answered HTTP " + r.status() + ": check the address, the credential and the query.");
        }
        String type = body.path("data").path("resultType").asString("");
        if (!type.equals("matrix") && !type.equals("vector")) {
            throw new ConflictException("Loki answered with " + (type.equals("streams") ? "log lines" : "'" + type + "'")
                    + " to a metric query; the answer was dropped.");
        }
        List<LogAggregate.Group> groups = new ArrayList<>();
        for (JsonNode series : body.path("data").path("result")) {
            Map<String, String> by = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> label : series.path("metric").properties()) {
                if (!allowed.contains(label.getKey())) {
                    throw new ConflictException("Loki answered with a series labelled outside the grant; the answer was dropped.");
                }
                by.put(label.getKey(), label.getValue().asString(""));
            }
            List<Double> points = new ArrayList<>();
            JsonNode values = type.equals("matrix") ? series.path("values") : json.createArrayNode().add(series.path("value"));
            for (JsonNode v : values) {
                try {
                    double d = Double.parseDouble(v.path(1).asString("NaN"));
                    if (Double.isFinite(d)) {
                        points.add(d);
                    }
                } catch (NumberFormatException e) {
                    // not a number: not a sample of a metric answer; skipped
                }
            }
            groups.add(new LogAggregate.Group(by, summary(points)));
        }
        return groups;
    }

    private static Map<String, Double> summary(List<Double> points) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("samples", (double) points.size());
        if (!points.isEmpty()) {
            List<Double> sorted = points.stream().sorted().toList();
            out.put("mean", points.stream().mapToDouble(Double::doubleValue).average().orElse(0));
            out.put("p50", sorted.get((int) Math.floor(0.5 * (sorted.size() - 1))));
            out.put("p95", sorted.get((int) Math.floor(0.95 * (sorted.size() - 1))));
            out.put("max", sorted.get(sorted.size() - 1));
            out.put("last", points.get(points.size() - 1));
        }
        return out;
    }
}
