package dev.charter.crews;

import dev.charter.ai.CategoryDefinition;
import dev.charter.shared.InvalidInputException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a crew works, as its organization configured it: its three roles, the lead fields the qualifier asks for,
 * the organization's categories, the confidence gates per kind of result, which decisions always go to a person,
 * the topics reserved for people and the business hours.
 *
 * @param answerer       answers from the knowledge base
 * @param qualifier      asks for the lead fields
 * @param triager        category, sentiment, priority
 * @param leadFields     the lead fields the qualifier asks for, in order
 * @param categories     the organization's own categories
 * @param thresholds     per kind of result ({@link #KINDS}), the minimum confidence and minimum margin
 * @param significant    decisions that always go to review ({@link #SIGNIFICANT})
 * @param reservedTopics words or phrases of topics the organization keeps for people
 * @param hours          business hours, or null for always
 * @param offlineMessage what the widget says when nobody and no crew answers
 */
public record CrewDefinition(Role answerer, Role qualifier, Role triager, List<String> leadFields,
                             List<CategoryDefinition> categories, Map<String, Threshold> thresholds,
                             Set<String> significant, List<String> reservedTopics, BusinessHours hours,
                             String offlineMessage) {

    /** The kinds of result a gate applies to. */
    public static final List<String> KINDS = List.of("answer", "sentiment", "category", "lead-score");

    /** The decisions an organization can mark as significant. */
    public static final List<String> SIGNIFICANT = List.of("disqualify-lead", "close-conversation", "route-to-sales",
            "promise-money");

    /** A role's hand-off rules: when it gives the conversation to a person. */
    public enum HandOff { ASKED_FOR_PERSON, LOW_CONFIDENCE, NEGATIVE_SENTIMENT, RESERVED_TOPIC, OUTSIDE_HOURS }

    /** One role of the crew. */
    public record Role(boolean enabled, String instruction, Set<HandOff> handOffs) {
        public Role {
            instruction = instruction == null ? "" : instruction.strip();
            handOffs = handOffs == null ? Set.of() : Set.copyOf(handOffs);
        }
    }

    /** A result acts only when its confidence is at least {@code minConfidence} and its margin at least {@code minMargin}. */
    public record Threshold(double minConfidence, double minMargin) {}

    /** Opening hours in a time zone; outside them the crew hands over or shows the offline message. */
    public record BusinessHours(String zone, Set<DayOfWeek> days, LocalTime opens, LocalTime closes) {
        public boolean open(java.time.Instant now) {
            ZonedDateTime t = now.atZone(ZoneId.of(zone));
            LocalTime time = t.toLocalTime();
            return days.contains(t.getDayOfWeek()) && !time.isBefore(opens) && time.isBefore(closes);
        }
    }

    public CrewDefinition {
        leadFields = leadFields == null ? List.of() : List.copyOf(leadFields);
        categories = categories == null ? List.of() : List.copyOf(categories);
        thresholds = thresholds == null ? Map.of() : Map.copyOf(thresholds);
        significant = significant == null ? Set.of() : Set.copyOf(significant);
        reservedTopics = reservedTopics == null ? List.of() : List.copyOf(reservedTopics);
        offlineMessage = offlineMessage == null ? "" : offlineMessage.strip();
    }

    /** What a new crew starts with. */
    public static CrewDefinition defaults() {
        Set<HandOff> all = EnumSet.of(HandOff.ASKED_FOR_PERSON, HandOff.LOW_CONFIDENCE, HandOff.NEGATIVE_SENTIMENT,
                HandOff.RESERVED_TOPIC, HandOff.OUTSIDE_HOURS);
        Map<String, Threshold> thresholds = new LinkedHashMap<>();
        thresholds.put("answer", new Threshold(0.35, 0.05));
        thresholds.put("sentiment", new Threshold(0.85, 0.5));
        thresholds.put("category", new Threshold(0.5, 0.1));
        thresholds.put("lead-score", new Threshold(0.7, 0.2));
        return new CrewDefinition(
                new Role(true, "Answer from the knowledge base only, citing it; say so when it does not know.", all),
                new Role(true, "Ask for what the organization needs to know about a lead.", EnumSet.of(HandOff.ASKED_FOR_PERSON)),
                new Role(true, "Categorize the conversation and judge its sentiment.", EnumSet.of(HandOff.NEGATIVE_SENTIMENT)),
                List.of("need", "company size", "budget", "timeline"), List.of(), thresholds,
                Set.of("disqualify-lead", "promise-money"), List.of(), null,
                "Nobody can answer right now. Leave your message and an email address, and a person will reply.");
    }

    /** The threshold for {@code kind}, or the default one. */
    public Threshold threshold(String kind) {
        Threshold t = thresholds.get(kind);
        return t != null ? t : defaults().thresholds().get(kind);
    }

    /** This definition with missing parts filled from {@link #defaults()}, or every problem at once. */
    public CrewDefinition validated() {
        CrewDefinition d = defaults();
        Map<String, String> errors = new LinkedHashMap<>();
        Role a = answerer == null ? d.answerer : answerer;
        Role q = qualifier == null ? d.qualifier : qualifier;
        Role t = triager == null ? d.triager : triager;
        for (var e : Map.of("answerer", a, "qualifier", q, "triager", t).entrySet()) {
            if (e.getValue().instruction().length() > 4000) {
                errors.put(e.getKey() + ".instruction", "An instruction holds at most 4,000 characters.");
            }
        }
        List<String> fields = new ArrayList<>();
        for (String f : leadFields) {
            String s = f == null ? "" : f.strip();
            if (s.isEmpty() || s.length() > 60) {
                errors.put("leadFields", "Each lead field is a name of 1 to 60 characters.");
            } else if (!fields.contains(s)) {
                fields.add(s);
            }
        }
        if (fields.size() > 20) {
            errors.put("leadFields", "At most 20 lead fields.");
        }
        Set<String> names = new HashSet<>();
        if (categories.size() > 50) {
            errors.put("categories", "At most 50 categories.");
        }
        for (CategoryDefinition c : categories) {
            String n = c.name().strip();
            if (n.isEmpty() || n.length() > 60) {
                errors.put("categories", "Each category has a name of 1 to 60 characters.");
            } else if (!names.add(n.toLowerCase(java.util.Locale.ROOT))) {
                errors.put("categories", "Category '" + n + "' is listed twice.");
            } else if (c.description().length() > 1000 || c.examples().size() > 50) {
                errors.put("categories", "Category '" + n + "': at most 1,000 characters of description and 50 examples.");
            }
        }
        Map<String, Threshold> th = new LinkedHashMap<>(d.thresholds);
        for (var e : thresholds.entrySet()) {
            if (!KINDS.contains(e.getKey())) {
                errors.put("thresholds", "Thresholds apply to " + String.join(", ", KINDS) + "; '" + e.getKey() + "' is none of them.");
            } else if (e.getValue() == null || bad(e.getValue().minConfidence()) || bad(e.getValue().minMargin())) {
                errors.put("thresholds." + e.getKey(), "Minimum confidence and minimum margin lie between 0 and 1.");
            } else {
                th.put(e.getKey(), e.getValue());
            }
        }
        for (String s : significant) {
            if (!SIGNIFICANT.contains(s)) {
                errors.put("significant", "Significant decisions are among " + String.join(", ", SIGNIFICANT) + "; '" + s
                        + "' is none of them.");
            }
        }
        List<String> topics = reservedTopics.stream().map(x -> x == null ? "" : x.strip()).filter(x -> !x.isEmpty()).distinct().toList();
        if (topics.size() > 100 || topics.stream().anyMatch(x -> x.length() > 100)) {
            errors.put("reservedTopics", "At most 100 reserved topics of up to 100 characters each.");
        }
        if (hours != null) {
            try {
                ZoneId.of(hours.zone());
                if (hours.days() == null || hours.days().isEmpty() || hours.opens() == null || hours.closes() == null
                        || !hours.opens().isBefore(hours.closes())) {
                    errors.put("hours", "Business hours need at least one day and an opening time before the closing time.");
                }
            } catch (DateTimeException | NullPointerException e) {
                errors.put("hours.zone", "Use a time zone name such as Europe/Berlin.");
            }
        }
        if (offlineMessage.length() > 500) {
            errors.put("offlineMessage", "The offline message holds at most 500 characters.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new CrewDefinition(a, q, t, fields, categories, th, significant, topics, hours,
                offlineMessage.isEmpty() ? d.offlineMessage : offlineMessage);
    }

    private static boolean bad(double x) {
        return !(x >= 0 && x <= 1);
    }
}
