package dev.charter.perfcases.internal;

import dev.charter.perfcases.LogAggregate;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.ProfileSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a model may see of a case (PRF-11), built in one place. It takes a case (its versions, metric and the
 * statistics of the aggregated series), {@link LogAggregate}s and {@link ProfileSummary}s (flame summaries), and
 * nothing else: there is no entry point for a
 * string, a row, a map or a span, so a raw log line cannot be put into it by type ({@code CaseModelContextTest}
 * checks every entry point). The repository's code comes in as a {@link SourceChange}: the culprit's diff and the
 * files it touched, read by the agent session from the repository the organization connected.
 */
final class CaseModelContext {

    private final JsonNode data;

    private CaseModelContext(JsonNode data) {
        this.data = data;
    }

    static Builder of(PerfCase perfCase) {
        return new Builder(perfCase);
    }

    /** The data handed to the AI gateway: the whole of what the model sees besides the fixed instruction. */
    JsonNode data() {
        return data;
    }

    static final class Builder {
        private final PerfCase perfCase;
        private final List<LogAggregate> logs = new ArrayList<>();
        private final List<ProfileSummary> profiles = new ArrayList<>();
        private SourceChange source;

        private Builder(PerfCase perfCase) {
            this.perfCase = Objects.requireNonNull(perfCase, "perfCase");
        }

        Builder add(LogAggregate aggregate) {
            logs.add(Objects.requireNonNull(aggregate, "aggregate"));
            return this;
        }

        /** A version's flame summary: what was sampled, the total and the top frames with their shares. */
        Builder add(ProfileSummary profile) {
            profiles.add(Objects.requireNonNull(profile, "profile"));
            return this;
        }

        /** The culprit commit's change and the files it touched, for a proposed fix. */
        Builder add(SourceChange change) {
            source = Objects.requireNonNull(change, "change");
            return this;
        }

        CaseModelContext build(JsonMapper json) {
            ObjectNode root = json.createObjectNode();
            ObjectNode c = root.putObject("case");
            c.put("service", perfCase.service());
            c.put("metric", perfCase.metric().name());
            c.put("baselineVersion", perfCase.baselineVersion());
            c.put("candidateVersion", perfCase.candidateVersion());
            c.put("status", perfCase.status());
            Object statistics = perfCase.evidence().get("statistics");
            if (statistics instanceof Map<?, ?> stats) {
                c.set("statistics", numbersOnly(json, stats));
            }
            ArrayNode logNodes = root.putArray("logAggregates");
            for (LogAggregate a : logs) {
                ObjectNode n = logNodes.addObject();
                n.put("language", a.language());
                n.put("query", a.query());
                ArrayNode groups = n.putArray("groups");
                for (LogAggregate.Group g : a.groups()) {
                    ObjectNode gn = groups.addObject();
                    ObjectNode by = gn.putObject("by");
                    g.by().forEach(by::put);
                    ObjectNode values = gn.putObject("values");
                    g.values().forEach(values::put);
                }
            }
            ArrayNode profileNodes = root.putArray("profiles");
            for (ProfileSummary p : profiles) {
                ObjectNode n = profileNodes.addObject();
                n.put("version", p.version());
                n.put("source", p.source().name());
                n.put("profileType", p.profileType());
                n.put("unit", p.unit());
                n.put("total", p.total());
                ArrayNode frames = n.putArray("frames");
                for (ProfileSummary.Frame f : p.frames()) {
                    frames.addObject().put("frame", f.name()).put("selfShare", p.share(f.self())).put("totalShare", p.share(f.total()));
                }
            }
            if (source != null) {
                ObjectNode code = root.putObject("sourceChange");
                code.put("culprit", source.culprit());
                code.put("subject", source.subject());
                code.put("diff", source.diff());
                ArrayNode files = code.putArray("files");
                for (SourceChange.File f : source.files()) {
                    ObjectNode n = files.addObject().put("path", f.path());
                    if (f.cut()) {
                        n.put("omitted", "too large to show");
                    } else {
                        n.put("content", f.content());
                    }
                }
            }
            return new CaseModelContext(root);
        }

        /** The statistics of the case's evidence: numbers and short labels, as the comparison computed them. */
        private static ObjectNode numbersOnly(JsonMapper json, Map<?, ?> stats) {
            ObjectNode out = json.createObjectNode();
            stats.forEach((k, v) -> {
                if (v instanceof Number n) {
                    out.put(String.valueOf(k), n.doubleValue());
                } else if (v instanceof Boolean b) {
                    out.put(String.valueOf(k), b);
                }
            });
            return out;
        }
    }
}
