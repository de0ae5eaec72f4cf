package dev.charter.crews.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.ai.CategoryDefinition;
import dev.charter.crews.ConversationStatus;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.ConflictException;
import dev.charter.shared.ForbiddenException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The human review queue (CRW-3, CRW-4): results a gate held back, significant decisions, and contacts' requests for
 * human review or for a person. A reviewer approves (the result acts as decided), overrides with a new value and a
 * reason (the person's value acts from then on; recorded on the result and in the audit log), or escalates to an
 * admin. A contact who asked sees the outcome in their conversation.
 */
@Service
public class ReviewQueue {

    /** What was decided, on what, by which provider, with what confidence, and what became of it. */
    public record Decision(UUID resultId, UUID messageId, List<UUID> inputMessages, String kind, String value, double confidence, String runnerUp,
                           double runnerUpConfidence, double margin, String provider, List<String> factors,
                           List<String> contactInputs, String effect, String state, String actingValue,
                           String overrideReason, UUID decidedBy, Instant createdAt, Instant decidedAt) {}

    /** A message a decision rested on, as the reviewer sees it. */
    public record Input(UUID messageId, String excerpt) {}

    /** One item of the queue, with its age in seconds. */
    public record Item(UUID id, UUID conversationId, String origin, String status, String reason, String requestText,
                       Decision decision, List<Input> inputs, long ageSeconds, Instant createdAt, UUID reviewerId,
                       String reviewNote, Instant decidedAt) {}

    /** A conversation's profile: per kind the value that acts now (a person's when a person decided), and every result. */
    public record Profile(UUID conversationId, Map<String, String> acting, List<Decision> results) {}

    /** What the contact sees of a request: its age and its outcome. */
    public record Request(UUID id, String origin, String status, long ageSeconds, String outcome) {}

    /** The conversation as the contact sees it: every message but private notes, and their requests. */
    public record ContactView(UUID conversationId, ConversationStatus status, List<Conversations.Message> messages,
                              List<Request> requests) {}

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final ReviewRepository repo;
    private final ConversationRepository conversationRepo;
    private final Conversations conversations;
    private final CrewService crews;
    private final Profiler profiler;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;

    ReviewQueue(ReviewRepository repo, ConversationRepository conversationRepo, Conversations conversations,
                CrewService crews, Profiler profiler, AuditLog audit, JsonMapper json, Clock clock) {
        this.repo = repo;
        this.conversationRepo = conversationRepo;
        this.conversations = conversations;
        this.crews = crews;
        this.profiler = profiler;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** The queue: {@code open} (waiting or escalated, oldest first), {@code decided}, or {@code all}. */
    public List<Item> list(CurrentUser me, String which, int limit) {
        List<String> statuses = switch (which == null ? "open" : which) {
            case "open" -> List.of("OPEN", "ESCALATED");
            case "escalated" -> List.of("ESCALATED");
            case "decided" -> List.of("APPROVED", "OVERRIDDEN", "TAKEN_OVER", "SUPERSEDED");
            case "all" -> List.of("OPEN", "ESCALATED", "APPROVED", "OVERRIDDEN", "TAKEN_OVER", "SUPERSEDED");
            default -> throw new InvalidInputException("status", "Choose open, escalated, decided or all.");
        };
        return repo.queue(me.orgId(), statuses, Math.max(1, Math.min(limit, 500))).stream()
                .map(r -> item(me.orgId(), r)).toList();
    }

    public Item get(CurrentUser me, UUID id) {
        return item(me.orgId(), repo.review(me.orgId(), id).orElseThrow(() -> new NotFoundException("review")));
    }

    /** Approves the decision: it acts as the crew decided; for a request for a person, the reviewer takes it over. */
    @Transactional
    public Item approve(CurrentUser me, UUID id, String note) {
        ReviewRepository.ReviewRow r = open(me, id);
        String text = note(note, "note");
        if (r.origin().equals("ASKED_FOR_PERSON") || r.resultId() == null) {
            conversations.takeOver(me, r.conversationId());
            repo.decideReview(me.orgId(), id, "TAKEN_OVER", me.userId().value(), text);
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.review.taken-over", "review:" + id));
            return get(me, id);
        }
        ReviewRepository.ResultRow result = repo.result(me.orgId(), r.resultId()).orElseThrow();
        String acting = result.state().equals("OVERRIDDEN") ? result.actingValue() : result.value();
        repo.setResultState(me.orgId(), result.id(), result.state().equals("OVERRIDDEN") ? "OVERRIDDEN" : "APPROVED",
                acting, me.userId().value(), result.overrideReason());
        repo.decideReview(me.orgId(), id, "APPROVED", me.userId().value(), text);
        repo.settleOthers(me.orgId(), result.id(), id, "APPROVED", me.userId().value());
        if (!result.state().equals("OVERRIDDEN")) {
            profiler.act(me.orgId(), r.conversationId(), result.effect());
        }
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.review.approved", "review:" + id)
                .with("result", result.id().toString()).with("kind", result.kind()).with("value", acting)
                .with("effect", result.effect() == null ? "" : result.effect()));
        tellContact(me, r, "A person reviewed the decision about your " + label(result.kind()) + " and kept it ("
                + acting + ").");
        return get(me, id);
    }

    /**
     * Overrides the decision with {@code value} for {@code reason}: from now on the person's value acts, and no
     * automated result of that kind replaces it in this conversation. The effect the crew proposed does not act.
     */
    @Transactional
    public Item override(CurrentUser me, UUID id, String value, String reason) {
        ReviewRepository.ReviewRow r = open(me, id);
        if (r.resultId() == null) {
            throw new InvalidInputException("value", "A request for a person has no value to override: approve it to take "
                    + "the conversation over.");
        }
        ReviewRepository.ResultRow result = repo.result(me.orgId(), r.resultId()).orElseThrow();
        Map<String, String> errors = new LinkedHashMap<>();
        String v = value == null ? "" : value.strip();
        String problem = checkValue(me.orgId(), r.conversationId(), result.kind(), v);
        if (problem != null) {
            errors.put("value", problem);
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 1000) {
            errors.put("reason", "Say why, in 1 to 1,000 characters.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        repo.setResultState(me.orgId(), result.id(), "OVERRIDDEN", v, me.userId().value(), why);
        repo.decideReview(me.orgId(), id, "OVERRIDDEN", me.userId().value(), why);
        repo.settleOthers(me.orgId(), result.id(), id, "OVERRIDDEN", me.userId().value());
        // the reason stays on the result, which goes with its conversation; the append-only audit log keeps the values
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.review.overridden", "review:" + id)
                .with("result", result.id().toString()).with("kind", result.kind()).with("from", result.value())
                .with("to", v).with("confidence", Double.toString(result.confidence()))
                .with("provider", result.provider()));
        tellContact(me, r, "A person reviewed the decision about your " + label(result.kind()) + " and changed it to "
                + v + ".");
        return get(me, id);
    }

    /** Passes the item to an admin; it stays in the queue and its result still does not act. */
    @Transactional
    public Item escalate(CurrentUser me, UUID id, String reason) {
        ReviewRepository.ReviewRow r = open(me, id);
        if (r.status().equals("ESCALATED")) {
            throw new ConflictException("This item is already escalated to an admin.");
        }
        String why = note(reason, "reason");
        repo.decideReview(me.orgId(), id, "ESCALATED", me.userId().value(), why);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.review.escalated", "review:" + id));
        tellContact(me, r, "Your request was passed to a senior member of the team.");
        return get(me, id);
    }

    /**
     * A contact asks for human review of a decision about them ({@code resultId}, or the conversation's newest lead
     * score when null). Lands in the queue with its age; the outcome comes back in the conversation.
     */
    @Transactional
    public Request requestReview(OrgId org, UUID crewId, UUID conversationId, UUID resultId, String text) {
        ConversationRepository.ConversationRow c = conversation(org, crewId, conversationId);
        String said = requestText(text);
        UUID result = resultId;
        if (result == null) {
            result = repo.results(org, c.id()).stream().filter(x -> x.kind().equals("lead-score"))
                    .reduce((a, b) -> b).map(ReviewRepository.ResultRow::id)
                    .orElseThrow(() -> new InvalidInputException("resultId", "There is no decision about you in this "
                            + "conversation to review yet."));
        } else if (repo.result(org, result).filter(x -> x.conversationId().equals(c.id())).isEmpty()) {
            throw new InvalidInputException("resultId", "Name a decision of this conversation.");
        }
        UUID id = repo.insertReview(org, c.id(), result, "CONTACT_REQUEST", "the contact asked for human review", said);
        return request(repo.review(org, id).orElseThrow());
    }

    /** A contact asks for a person: the conversation waits for one, and the request lands in the queue. */
    @Transactional
    public Request askForPerson(OrgId org, UUID crewId, UUID conversationId, String text) {
        ConversationRepository.ConversationRow c = conversation(org, crewId, conversationId);
        String said = requestText(text);
        if (c.status().equals(ConversationStatus.CREW.name()) || c.status().equals(ConversationStatus.RESOLVED.name())) {
            conversationRepo.setStatus(org, c.id(), ConversationStatus.WAITING.name());
        }
        UUID id = repo.insertReview(org, c.id(), null, "ASKED_FOR_PERSON", "the contact asked for a person", said);
        return request(repo.review(org, id).orElseThrow());
    }

    /** The conversation as its contact sees it, with their requests and outcomes. */
    public ContactView contactView(OrgId org, UUID crewId, UUID conversationId) {
        ConversationRepository.ConversationRow c = conversation(org, crewId, conversationId);
        List<Request> requests = repo.reviewsOf(org, c.id()).stream()
                .filter(r -> r.origin().equals("CONTACT_REQUEST") || r.origin().equals("ASKED_FOR_PERSON"))
                .map(this::request).toList();
        return new ContactView(c.id(), ConversationStatus.valueOf(c.status()), conversations.visibleToContact(org, c.id()),
                requests);
    }

    /** The conversation's results and, per kind, the value that acts now. */
    public Profile profile(CurrentUser me, UUID conversationId) {
        conversationRepo.find(me.orgId(), conversationId).orElseThrow(() -> new NotFoundException("conversation"));
        List<ReviewRepository.ResultRow> rows = repo.results(me.orgId(), conversationId);
        Map<String, String> acting = new LinkedHashMap<>();
        for (String kind : dev.charter.crews.ReviewPolicy.KINDS) {
            ReviewRepository.ResultRow person = null;
            ReviewRepository.ResultRow automatic = null;
            for (ReviewRepository.ResultRow r : rows) {
                if (!r.kind().equals(kind)) {
                    continue;
                }
                if ((r.state().equals("APPROVED") || r.state().equals("OVERRIDDEN"))
                        && (person == null || !r.decidedAt().isBefore(person.decidedAt()))) {
                    person = r;
                } else if (r.state().equals("ACTED")) {
                    automatic = r;
                }
            }
            ReviewRepository.ResultRow wins = person != null ? person : automatic;
            if (wins != null) {
                acting.put(kind, wins.actingValue());
            }
        }
        return new Profile(conversationId, acting, rows.stream().map(this::decision).toList());
    }

    private ReviewRepository.ReviewRow open(CurrentUser me, UUID id) {
        ReviewRepository.ReviewRow r = repo.lockReview(me.orgId(), id).orElseThrow(() -> new NotFoundException("review"));
        if (r.status().equals("ESCALATED") && !me.isAdmin()) {
            throw new ForbiddenException("An escalated item is decided by an admin.");
        }
        if (!r.status().equals("OPEN") && !r.status().equals("ESCALATED")) {
            throw new ConflictException("This item was already decided (" + r.status().toLowerCase(java.util.Locale.ROOT) + ").");
        }
        return r;
    }

    private ConversationRepository.ConversationRow conversation(OrgId org, UUID crewId, UUID conversationId) {
        crews.find(org, crewId);
        return conversationRepo.find(org, conversationId).filter(c -> c.crewId().equals(crewId))
                .orElseThrow(() -> new NotFoundException("conversation"));
    }

    private String checkValue(OrgId org, UUID conversation, String kind, String v) {
        switch (kind) {
            case "sentiment":
                return Profiler.SENTIMENTS.contains(v) ? null : "A sentiment is positive, negative or neutral.";
            case "lead-score":
                try {
                    int n = Integer.parseInt(v);
                    return n >= 0 && n <= 100 ? null : "A lead score is a whole number from 0 to 100.";
                } catch (NumberFormatException e) {
                    return "A lead score is a whole number from 0 to 100.";
                }
            default:
                UUID crew = conversationRepo.find(org, conversation).orElseThrow().crewId();
                List<String> names = crews.find(org, crew).definition().categories().stream()
                        .map(CategoryDefinition::name).toList();
                return names.contains(v) ? null : "Choose one of the crew's categories: " + String.join(", ", names) + ".";
        }
    }

    /** For a request the contact made, the outcome as a message in their conversation. */
    private void tellContact(CurrentUser me, ReviewRepository.ReviewRow r, String text) {
        if (r.origin().equals("CONTACT_REQUEST")) {
            conversationRepo.insertMessage(me.orgId(), r.conversationId(), "PERSON", me.userId().value(), text, null, null,
                    null);
        }
    }

    private static String note(String note, String field) {
        String s = note == null ? "" : note.strip();
        if (s.length() > 1000) {
            throw new InvalidInputException(field, "At most 1,000 characters.");
        }
        return s.isEmpty() ? null : s;
    }

    private static String requestText(String text) {
        String s = text == null ? "" : text.strip();
        if (s.length() > 2000) {
            throw new InvalidInputException("text", "A request holds at most 2,000 characters.");
        }
        return s.isEmpty() ? null : s;
    }

    private static String label(String kind) {
        return switch (kind) {
            case "lead-score" -> "lead score";
            default -> kind;
        };
    }

    private Request request(ReviewRepository.ReviewRow r) {
        String outcome = switch (r.status()) {
            case "OPEN" -> "waiting for a person";
            case "ESCALATED" -> "passed to a senior member of the team";
            case "TAKEN_OVER" -> "a person has taken the conversation over";
            case "APPROVED" -> "a person reviewed it and kept the decision";
            case "OVERRIDDEN" -> "a person reviewed it and changed the decision";
            default -> "closed";
        };
        return new Request(r.id(), r.origin(), r.status(), age(r.createdAt()), outcome);
    }

    private Item item(OrgId org, ReviewRepository.ReviewRow r) {
        Decision d = null;
        List<Input> inputs = new ArrayList<>();
        if (r.resultId() != null) {
            ReviewRepository.ResultRow result = repo.result(org, r.resultId()).orElseThrow();
            d = decision(result);
            JsonNode in = json.readTree(result.inputs());
            Map<UUID, String> bodies = new LinkedHashMap<>();
            conversationRepo.messages(org, r.conversationId()).forEach(m -> bodies.put(m.id(), m.body()));
            for (JsonNode m : in.path("messages").values()) {
                UUID mid = UUID.fromString(m.asString());
                String body = bodies.get(mid);
                if (body != null) {
                    inputs.add(new Input(mid, body.length() <= 280 ? body : body.substring(0, 277) + "…"));
                }
            }
        }
        return new Item(r.id(), r.conversationId(), r.origin(), r.status(), r.reason(), r.requestText(), d, inputs,
                age(r.createdAt()), r.createdAt(), r.reviewerId(), r.reviewNote(), r.decidedAt());
    }

    private Decision decision(ReviewRepository.ResultRow r) {
        JsonNode in = json.readTree(r.inputs());
        List<String> contact = new ArrayList<>();
        in.path("contact").values().forEach(x -> contact.add(x.asString()));
        List<UUID> messages = new ArrayList<>();
        in.path("messages").values().forEach(x -> messages.add(UUID.fromString(x.asString())));
        return new Decision(r.id(), r.messageId(), messages, r.kind(), r.value(), r.confidence(), r.runnerUp(), r.runnerUpConfidence(),
                Math.round((r.confidence() - r.runnerUpConfidence()) * 1000) / 1000.0, r.provider(),
                json.readValue(r.factors(), STRINGS), contact, r.effect(), r.state(), r.actingValue(), r.overrideReason(),
                r.decidedBy(), r.createdAt(), r.decidedAt());
    }

    private long age(Instant created) {
        return Math.max(0, Duration.between(created, clock.instant()).toSeconds());
    }
}
