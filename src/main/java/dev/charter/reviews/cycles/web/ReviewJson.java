package dev.charter.reviews.cycles.web;

import dev.charter.identity.Members;
import dev.charter.reviews.Signal;
import dev.charter.reviews.cycles.internal.Cycle;
import dev.charter.reviews.cycles.internal.CycleService;
import dev.charter.reviews.cycles.internal.Review;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON (and page model) shapes of cycles, reviews, drafts and timelines; ids as strings. */
final class ReviewJson {

    private ReviewJson() {}

    static Map<String, Object> cycle(Cycle c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id().toString());
        m.put("name", c.name());
        m.put("from", c.from().toString());
        m.put("to", c.to().toString());
        m.put("reviews", c.reviews());
        m.put("createdAt", c.createdAt().toString());
        return m;
    }

    static Map<String, Object> review(Review r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id().toString());
        m.put("cycle", r.cycleId().toString());
        m.put("reviewee", r.reviewee().toString());
        m.put("reviewer", r.reviewer() == null ? null : r.reviewer().toString());
        m.put("status", r.status());
        m.put("draftProvider", r.draftProvider());
        m.put("draftedAt", r.draftedAt() == null ? null : r.draftedAt().toString());
        m.put("finalizedAt", r.finalizedAt() == null ? null : r.finalizedAt().toString());
        m.put("excluded", r.excluded().stream().map(Object::toString).sorted().toList());
        if (r.draft() == null) {
            m.put("draft", null);
        } else {
            Map<String, Object> d = new LinkedHashMap<>();
            List<Map<String, Object>> sentences = new ArrayList<>();
            for (Review.Sentence s : r.draft().sentences()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("section", s.section());
                one.put("text", s.text());
                one.put("signals", s.signals().stream().map(Object::toString).toList());
                one.put("flag", s.flag());
                sentences.add(one);
            }
            d.put("sentences", sentences);
            d.put("removedRatings", r.draft().removedRatings());
            d.put("removedUnknownIds", r.draft().removedUnknownIds());
            m.put("draft", d);
        }
        return m;
    }

    static Map<String, Object> view(CycleService.ReviewView v) {
        Map<String, Object> m = review(v.review());
        m.put("cycle", cycle(v.cycle()));
        m.put("revieweeName", name(v.reviewee()));
        m.put("reviewerName", name(v.reviewer()));
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (Signal s : v.signals()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", s.id().toString());
            e.put("source", s.source().name());
            e.put("kind", s.kind().name());
            e.put("externalId", s.externalId());
            e.put("occurredAt", s.occurredAt().toString());
            e.put("title", s.title());
            e.put("count", s.count());
            e.put("link", s.link());
            if (s.kind() == dev.charter.reviews.SignalKind.CALL) {
                // an analysed call's result: the measure and its value, never the transcript
                e.put("measure", s.facts().get("measure"));
                e.put("value", s.facts().get("value"));
            }
            e.put("included", !v.review().excluded().contains(s.id()));
            evidence.add(e);
        }
        m.put("evidence", evidence);
        m.put("timeline", timeline(v));
        return m;
    }

    static String name(Members.Member m) {
        return m == null ? "a former member" : m.displayName() == null || m.displayName().isBlank() ? m.email() : m.displayName();
    }

    /**
     * The reviewee's signals per week of the period and per source (a day's message count counts as its messages):
     * {@code {"weeks":["2026-10-05",…],"series":{"GITHUB":[…],…}}}, weeks starting on the period's first day.
     */
    static Map<String, Object> timeline(CycleService.ReviewView v) {
        LocalDate from = v.cycle().from();
        int weeks = (int) (ChronoUnit.DAYS.between(from, v.cycle().to()) / 7) + 1;
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < weeks; i++) {
            labels.add(from.plusWeeks(i).toString());
        }
        Map<String, long[]> series = new TreeMap<>();
        for (Signal s : v.signals()) {
            if (v.review().excluded().contains(s.id())) {
                continue;
            }
            int w = (int) (ChronoUnit.DAYS.between(from, s.occurredAt().atZone(ZoneOffset.UTC).toLocalDate()) / 7);
            if (w >= 0 && w < weeks) {
                series.computeIfAbsent(s.source().name(), k -> new long[weeks])[w] += Math.max(1, s.count());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("weeks", labels);
        Map<String, Object> data = new LinkedHashMap<>();
        series.forEach((k, a) -> data.put(k, java.util.Arrays.stream(a).boxed().toList()));
        out.put("series", data);
        return out;
    }
}
