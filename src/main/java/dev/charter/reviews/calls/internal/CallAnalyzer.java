package dev.charter.reviews.calls.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiGateway;
import dev.charter.ai.AiProvider;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiResult;
import dev.charter.ai.Classification;
import dev.charter.ai.LocalClassifiers;
import dev.charter.reviews.calls.internal.Transcripts.Utterance;
import dev.charter.shared.OrgId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The analysis of one transcript. Deterministic: talk time and share per speaker, each speaker's longest monologue
 * (consecutive speech with pauses under {@link #MONOLOGUE_GAP_SECONDS}), questions asked (sentences ending in a
 * question mark). Sentiment of the other party's speech (or of the whole call when the parties are not known) through
 * {@link LocalClassifiers}, inside the server. Topics and next steps through the AI gateway with a JSON schema when the
 * organization's active provider is a model; otherwise, and whenever the model fails, extractively: the most frequent
 * content words, and the sentences that commit to an action.
 */
@Component
class CallAnalyzer {

    static final double MONOLOGUE_GAP_SECONDS = 2.0;
    static final int MAX_TOPICS = 5;
    static final int MAX_NEXT_STEPS = 5;
    private static final int SENTIMENT_CHARS = 20_000;
    private static final JsonMapper json = JsonMapper.builder().build();

    private static final Pattern SENTENCE = Pattern.compile("[^.!?]+[.!?]*");
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}'-]{3,}");
    private static final Pattern COMMITMENT = Pattern.compile(
            "\\b(i'll|i will|we'll|we will|let's|let me|next step|follow up|follow-up|send you|get back to you|"
                    + "schedule|by (monday|tuesday|wednesday|thursday|friday|tomorrow|next week|end of))\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> STOP = Set.of(("about above after again against also because been before being below "
            + "between both could does doing down during each from further have having here hers herself himself into itself "
            + "just like more most much myself only other ours ourselves over same should some such than that thats their "
            + "theirs them themselves then there these they this those through under until very were what when where which "
            + "while whom will with would your yours yourself yourselves yeah okay right sure thank thanks think know really "
            + "going want mean well actually maybe something things thing kind sort need good great today said says").split(" "));

    /** A speaker's measures. */
    record Speaker(String name, double talkSeconds, double share, double longestMonologueSeconds, int questions,
                   int utterances) {}

    /** The analysis of a call; {@code reviewee} is the speaker taken to be the reviewee, or null if not found. */
    record Analysis(List<Speaker> speakers, String reviewee, String sentiment, double sentimentConfidence,
                    String sentimentModel, List<String> topics, List<String> nextSteps, String topicsBy) {

        Speaker revieweeSpeaker() {
            return speakers.stream().filter(s -> s.name().equals(reviewee)).findFirst().orElse(null);
        }
    }

    private final LocalClassifiers classifiers;
    private final AiGateway ai;

    CallAnalyzer(LocalClassifiers classifiers, AiGateway ai) {
        this.classifiers = classifiers;
        this.ai = ai;
    }

    /**
     * @param reviewee the reviewee's speaker name (matched case-insensitively), or null to take Aircall's internal party
     */
    Analysis analyse(OrgId org, List<Utterance> utterances, String reviewee) {
        List<Speaker> speakers = measures(utterances);
        String who = null;
        for (Speaker s : speakers) {
            if (reviewee != null && s.name().equalsIgnoreCase(reviewee.strip())) {
                who = s.name();
            }
        }
        if (who == null && reviewee == null) {
            who = utterances.stream().filter(u -> Boolean.TRUE.equals(u.internal())).map(Utterance::speaker).findFirst().orElse(null);
        }
        String party = who;
        List<Utterance> others = party == null ? utterances : utterances.stream().filter(u -> !u.speaker().equals(party)).toList();
        StringBuilder text = new StringBuilder();
        for (Utterance u : others.isEmpty() ? utterances : others) {
            if (text.length() >= SENTIMENT_CHARS) {
                break;
            }
            text.append(u.text()).append('\n');
        }
        Classification sentiment = classifiers.sentiment(text.length() > SENTIMENT_CHARS ? text.substring(0, SENTIMENT_CHARS)
                : text.toString());
        List<String> topics = null;
        List<String> nextSteps = null;
        String by = "local-extractive";
        if (ai.activeProvider(org) != AiProvider.LOCAL) {
            try {
                AiResult r = ai.complete(new AiRequest(org, null, "reviews.call-analysis", """
                        From this customer call transcript, list up to 5 short topics discussed and up to 5 concrete next \
                        steps someone committed to. Use only what the transcript says.""", transcriptData(utterances), null,
                        600, Duration.ofSeconds(60), schema()));
                if (!r.producedLocally() && r.json() != null) {
                    topics = strings(r.json().path("topics"), MAX_TOPICS);
                    nextSteps = strings(r.json().path("nextSteps"), MAX_NEXT_STEPS);
                    by = "ai:" + r.provider().name().toLowerCase(Locale.ROOT);
                }
            } catch (AiFailedException e) {
                topics = null;
            }
        }
        if (topics == null || nextSteps == null) {
            topics = topics(utterances);
            nextSteps = nextSteps(utterances);
            by = "local-extractive";
        }
        return new Analysis(speakers, who, sentiment.value(), sentiment.confidence(), sentiment.model(), topics, nextSteps, by);
    }

    static List<Speaker> measures(List<Utterance> utterances) {
        Map<String, double[]> talk = new LinkedHashMap<>();
        Map<String, Integer> questions = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Double> longest = new HashMap<>();
        String current = null;
        double runStart = 0;
        double runEnd = 0;
        double total = 0;
        List<Utterance> ordered = new ArrayList<>(utterances);
        ordered.sort(Comparator.comparingDouble(Utterance::start));
        for (Utterance u : ordered) {
            double d = Math.max(0, u.end() - u.start());
            talk.computeIfAbsent(u.speaker(), k -> new double[1])[0] += d;
            total += d;
            counts.merge(u.speaker(), 1, Integer::sum);
            questions.merge(u.speaker(), questions(u.text()), Integer::sum);
            if (u.speaker().equals(current) && u.start() - runEnd <= MONOLOGUE_GAP_SECONDS) {
                runEnd = Math.max(runEnd, u.end());
            } else {
                if (current != null) {
                    longest.merge(current, runEnd - runStart, Math::max);
                }
                current = u.speaker();
                runStart = u.start();
                runEnd = u.end();
            }
        }
        if (current != null) {
            longest.merge(current, runEnd - runStart, Math::max);
        }
        List<Speaker> out = new ArrayList<>();
        for (var e : talk.entrySet()) {
            double seconds = e.getValue()[0];
            out.add(new Speaker(e.getKey(), round(seconds), total == 0 ? 0 : round(seconds / total),
                    round(longest.getOrDefault(e.getKey(), 0.0)), questions.getOrDefault(e.getKey(), 0), counts.get(e.getKey())));
        }
        return out;
    }

    static int questions(String text) {
        int n = 0;
        Matcher m = SENTENCE.matcher(text);
        while (m.find()) {
            if (m.group().strip().endsWith("?")) {
                n++;
            }
        }
        return n;
    }

    static List<String> topics(List<Utterance> utterances) {
        Map<String, Integer> freq = new HashMap<>();
        for (Utterance u : utterances) {
            Matcher m = WORD.matcher(u.text().toLowerCase(Locale.ROOT));
            while (m.find()) {
                String w = m.group();
                if (!STOP.contains(w)) {
                    freq.merge(w, 1, Integer::sum);
                }
            }
        }
        return freq.entrySet().stream().filter(e -> e.getValue() >= 2)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_TOPICS).map(Map.Entry::getKey).toList();
    }

    static List<String> nextSteps(List<Utterance> utterances) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Utterance u : utterances) {
            Matcher s = SENTENCE.matcher(u.text());
            while (s.find() && out.size() < MAX_NEXT_STEPS) {
                String sentence = s.group().strip();
                if (!sentence.endsWith("?") && COMMITMENT.matcher(sentence).find()) {
                    out.add(sentence.length() > 200 ? sentence.substring(0, 200) + "…" : sentence);
                }
            }
        }
        return List.copyOf(out);
    }

    private static JsonNode transcriptData(List<Utterance> utterances) {
        ArrayNode list = json.createArrayNode();
        for (Utterance u : utterances) {
            list.addObject().put("speaker", u.speaker()).put("text", u.text());
        }
        ObjectNode data = json.createObjectNode();
        data.set("utterances", list);
        return data;
    }

    private static JsonNode schema() {
        return json.readTree("""
                {"type":"object","required":["topics","nextSteps"],"additionalProperties":false,
                 "properties":{"topics":{"type":"array","maxItems":5,"items":{"type":"string","maxLength":80}},
                               "nextSteps":{"type":"array","maxItems":5,"items":{"type":"string","maxLength":200}}}}""");
    }

    private static List<String> strings(JsonNode node, int max) {
        if (!node.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (n.isString() && !n.asString().isBlank() && out.size() < max) {
                String v = n.asString().strip();
                out.add(v.length() > 200 ? v.substring(0, 200) : v);
            }
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
