package dev.charter.crews;

import dev.charter.crews.CrewDefinition.Threshold;
import dev.charter.shared.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An organization's confidence gates and significant decisions (CRW-3). A profiling result acts only when its
 * confidence reaches its kind's {@code minConfidence} and its margin over the runner-up reaches {@code minMargin};
 * otherwise it waits in the review queue. A decision whose effect is {@linkplain #significant significant} always
 * waits for a person, whatever its confidence.
 *
 * @param gates       per kind of result ({@link #KINDS}): minimum confidence and minimum margin, each 0 to 1
 * @param significant the effects ({@link CrewDefinition#SIGNIFICANT}) that always go to a person
 */
public record ReviewPolicy(Map<String, Threshold> gates, Set<String> significant) {

    /** The kinds of profiling result a gate applies to. */
    public static final List<String> KINDS = List.of("sentiment", "category", "lead-score");

    public ReviewPolicy {
        // kept as sent (nulls included) until validated, so that a bad value is reported, not thrown
        gates = gates == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gates));
        significant = significant == null ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(significant));
    }

    /** What an organization starts with. */
    public static ReviewPolicy defaults() {
        Map<String, Threshold> g = new LinkedHashMap<>();
        g.put("sentiment", new Threshold(0.7, 0.3));
        g.put("category", new Threshold(0.5, 0.1));
        g.put("lead-score", new Threshold(0.7, 0.2));
        return new ReviewPolicy(g, Set.of("disqualify-lead", "promise-money"));
    }

    /** The gate of {@code kind}, or its default. */
    public Threshold gate(String kind) {
        Threshold t = gates.get(kind);
        return t != null ? t : defaults().gates().get(kind);
    }

    /** True when a decision with this effect always goes to a person. */
    public boolean isSignificant(String effect) {
        return effect != null && significant.contains(effect);
    }

    /**
     * This policy over {@code current} (kinds not sent keep their gate; a null {@code significant} keeps the current
     * list), or every problem at once.
     */
    public ReviewPolicy validatedOver(ReviewPolicy current) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, Threshold> g = new LinkedHashMap<>();
        for (String k : KINDS) {
            g.put(k, current.gate(k));
        }
        for (var e : gates.entrySet()) {
            if (e.getKey() == null || !KINDS.contains(e.getKey())) {
                errors.put("gates", "Gates apply to " + String.join(", ", KINDS) + "; '" + e.getKey() + "' is none of them.");
            } else if (e.getValue() == null || bad(e.getValue().minConfidence()) || bad(e.getValue().minMargin())) {
                errors.put("gates." + e.getKey(), "Minimum confidence and minimum margin lie between 0 and 1.");
            } else {
                g.put(e.getKey(), e.getValue());
            }
        }
        for (String s : significant) {
            if (s == null || !CrewDefinition.SIGNIFICANT.contains(s)) {
                errors.put("significant", "Significant decisions are among " + String.join(", ", CrewDefinition.SIGNIFICANT)
                        + "; '" + s + "' is none of them.");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new ReviewPolicy(g, new TreeSet<>(significant));
    }

    private static boolean bad(double x) {
        return !(x >= 0 && x <= 1);
    }
}
