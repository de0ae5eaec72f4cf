package dev.charter.reviews.cycles.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiGateway;
import dev.charter.ai.AiProvider;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiResult;
import dev.charter.reviews.Signal;
import dev.charter.shared.ConflictException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a draft from one reviewee's signals in one period (REV-3), and nothing else: the request's data is built
 * here from those signals alone (no earlier draft or review, no name, no other person's signal), through the AI
 * gateway when the organization's provider is a model, and as {@link LocalEvidenceSummary} when it is the local
 * fallback. A model's answer is checked before it is kept: ids not among the request's signals are dropped, a
 * sentence left without one is flagged, and a sentence that proposes a rating is removed.
 */
@Component
class DraftWriter {

    static final String PURPOSE = "reviews.review-draft";
    /** Fewer signals than this and no model is asked: the draft says there is not enough data. */
    static final int MIN_SIGNALS = 3;
    /** The data sent to a model stays under the gateway's input limit; the newest signals are kept. */
    static final int MAX_DATA_CHARS = 60_000;
    static final int MAX_SENTENCES = 60;
    static final int MAX_SENTENCE_CHARS = 1_000;

    static final String INSTRUCTION = """
            Write the first draft of a performance review of one person from the work signals in the data. The signals \
            are metadata of this person's work in this review period only (pull requests, issues and their status \
            changes, counts of chat messages, email headers, and measures of customer calls the person took: talk share, \
            questions asked, sentiment, topics and next steps). Write short, factual sentences. Every sentence lists in \
            "signals" the ids of the signals it rests on, copied from the data; write nothing the signals do not show. \
            Where the signals are too few to say something, write a sentence that begins with "Not enough data" and \
            says what is missing. Never propose, suggest or imply a rating, a score, a level, a ranking or a promotion.""";

    static final JsonNode SCHEMA = CyclesRepository.JSON.readTree("""
            {"type":"object","required":["sentences"],"additionalProperties":false,"properties":{
              "sentences":{"type":"array","maxItems":60,"items":{"type":"object","required":["text","signals"],
                "additionalProperties":false,"properties":{
                  "text":{"type":"string","maxLength":1000},
                  "signals":{"type":"array","maxItems":200,"items":{"type":"string"}}}}}}}""");

    /**
     * Words that propose a rating: a rating or score named, a number out of a scale, the usual scales' labels, a
     * promotion. A sentence with one is removed from a model's draft.
     */
    static final Pattern RATING = Pattern.compile("(?iu)\\b(ratings?|rated|rate (him|her|them)|scor(e|es|ed|ing)\\b"
            + "|\\d+(\\.\\d+)?\\s*(/|out of)\\s*\\d+|stars?\\b|(exceeds|exceeded|meets|met|below|does not meet|did not meet)"
            + " (all |the |most )?expectations|top performer|high performer|low performer|underperform\\w*"
            + "|promot(e|ed|ion|able)|performance improvement plan|grade [a-f1-5]\\b|level [1-9]\\b)");

    /** What was written, by whom, and what the request carried. */
    record Written(Review.Draft draft, String provider, int sent) {}

    private final AiGateway ai;

    DraftWriter(AiGateway ai) {
        this.ai = ai;
    }

    Written write(OrgId org, UserId actor, Cycle cycle, List<Signal> signals) {
        if (signals.size() < MIN_SIGNALS) {
            return new Written(LocalEvidenceSummary.summarize(signals), AiProvider.LOCAL.name(), 0);
        }
        AiProvider provider = ai.activeProvider(org);
        if (provider == AiProvider.LOCAL) {
            return new Written(LocalEvidenceSummary.summarize(signals), AiProvider.LOCAL.name(), 0);
        }
        ObjectNode data = requestData(cycle, signals);
        int sent = data.path("signals").size();
        AiResult r;
        try {
            r = ai.complete(new AiRequest(org, actor, PURPOSE, INSTRUCTION, data, null, 4096, null, SCHEMA));
        } catch (AiFailedException e) {
            throw new ConflictException("The model did not write the draft: " + e.reason() + " Try again, or choose the "
                    + "local fallback on the AI page for an evidence summary.");
        }
        Set<UUID> allowed = new LinkedHashSet<>();
        data.path("signals").forEach(s -> allowed.add(UUID.fromString(s.path("id").asString())));
        return new Written(checked(r.json(), allowed), r.provider().name(), sent);
    }

    /**
     * The request's data: the period and, per signal, its id, source, kind, time, title, count and allowlisted facts,
     * except an email's addresses (its recipients are counted instead). Newest first until {@link #MAX_DATA_CHARS}.
     */
    static ObjectNode requestData(Cycle cycle, List<Signal> signals) {
        ObjectNode data = CyclesRepository.JSON.createObjectNode();
        ObjectNode period = data.putObject("period");
        period.put("from", cycle.from().toString());
        period.put("to", cycle.to().toString());
        ArrayNode out = data.putArray("signals");
        int chars = data.toString().length();
        for (int i = signals.size() - 1; i >= 0; i--) {
            ObjectNode one = signal(signals.get(i));
            int size = one.toString().length() + 1;
            if (chars + size > MAX_DATA_CHARS) {
                break;
            }
            chars += size;
            out.add(one);
        }
        data.put("signalsInPeriod", signals.size());
        return data;
    }

    private static ObjectNode signal(Signal s) {
        ObjectNode n = CyclesRepository.JSON.createObjectNode();
        n.put("id", s.id().toString());
        n.put("source", s.source().name());
        n.put("kind", s.kind().name());
        n.put("at", s.occurredAt().toString());
        if (s.title() != null) {
            n.put("title", s.title());
        }
        if (s.count() != 1) {
            n.put("count", s.count());
        }
        ObjectNode facts = n.putObject("facts");
        for (Map.Entry<String, Object> f : s.facts().entrySet()) {
            switch (f.getKey()) {
                case "from", "to", "cc" -> { }
                default -> facts.putPOJO(f.getKey(), f.getValue());
            }
        }
        if (s.facts().get("to") instanceof List<?> to) {
            int cc = s.facts().get("cc") instanceof List<?> c ? c.size() : 0;
            facts.put("recipients", to.size() + cc);
        }
        return n;
    }

    /** A model's answer, kept only as far as it is backed by the request's signals and proposes no rating. */
    static Review.Draft checked(JsonNode answer, Set<UUID> allowed) {
        if (answer == null || !answer.path("sentences").isArray()) {
            throw new ConflictException("The model's answer was not a draft. Try again.");
        }
        List<Review.Sentence> kept = new ArrayList<>();
        int ratings = 0;
        int unknown = 0;
        for (JsonNode s : answer.path("sentences")) {
            String text = s.path("text").asString("").strip().replaceAll("\\s+", " ");
            if (text.isEmpty() || kept.size() >= MAX_SENTENCES) {
                continue;
            }
            if (text.length() > MAX_SENTENCE_CHARS) {
                text = text.substring(0, MAX_SENTENCE_CHARS);
            }
            if (RATING.matcher(text).find()) {
                ratings++;
                continue;
            }
            Set<UUID> ids = new LinkedHashSet<>();
            for (JsonNode id : s.path("signals")) {
                UUID u = uuid(id.asString(""));
                if (u != null && allowed.contains(u)) {
                    ids.add(u);
                } else {
                    unknown++;
                }
            }
            String flag = text.toLowerCase(Locale.ROOT).startsWith("not enough data") ? Review.Sentence.NOT_ENOUGH_DATA
                    : ids.isEmpty() ? Review.Sentence.UNSUPPORTED : null;
            kept.add(new Review.Sentence("draft", text, List.copyOf(ids), flag));
        }
        if (kept.isEmpty()) {
            kept.add(new Review.Sentence("draft", "Not enough data: the model wrote no sentence these signals back.",
                    List.of(), Review.Sentence.NOT_ENOUGH_DATA));
        }
        return new Review.Draft(kept, ratings, unknown);
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
