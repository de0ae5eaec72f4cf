package dev.charter.reviews.cycles.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.identity.Members;
import dev.charter.reviews.Signal;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Review cycles and their reviews. An admin creates a cycle and adds reviews (a reviewee and a reviewer, both
 * members); the reviewer (or an admin) writes the draft, edits it, leaves evidence out and finalizes it. Another
 * member sees neither the review nor that it exists. A final review no longer changes.
 */
@Service
public class CycleService {

    static final int MAX_PERIOD_DAYS = 400;
    static final int MAX_EDIT_SENTENCES = 200;
    static final int MAX_EDIT_CHARS = 2_000;

    /** A review with its cycle and the signals of its reviewee in the period (excluded ones marked). */
    public record ReviewView(Review review, Cycle cycle, Members.Member reviewee, Members.Member reviewer,
                             List<Signal> signals) {}

    /** A sentence as the reviewer writes it. */
    public record EditedSentence(String text, List<String> signals) {}

    private final CyclesRepository repo;
    private final PeopleService people;
    private final DraftWriter writer;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    private final dev.charter.reviews.calls.CallSignals calls;

    CycleService(CyclesRepository repo, PeopleService people, DraftWriter writer, AuditLog audit, Clock clock,
                 PlatformTransactionManager transactions, dev.charter.reviews.calls.CallSignals calls) {
        this.calls = calls;
        this.repo = repo;
        this.people = people;
        this.writer = writer;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Creates a cycle (admin): a name of 1 to 120 characters and a period of at most 400 days, both days included. */
    public Cycle create(CurrentUser me, String name, String from, String to) {
        me.requireAdmin();
        Map<String, String> errors = new LinkedHashMap<>();
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 120 || n.chars().anyMatch(Character::isISOControl)) {
            errors.put("name", "Give the cycle a name of 1 to 120 characters.");
        }
        LocalDate start = date(from, "from", errors);
        LocalDate end = date(to, "to", errors);
        if (start != null && end != null) {
            if (end.isBefore(start)) {
                errors.put("to", "The period ends on or after the day it starts.");
            } else if (ChronoUnit.DAYS.between(start, end) >= MAX_PERIOD_DAYS) {
                errors.put("to", "A period is at most " + MAX_PERIOD_DAYS + " days.");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        tx.executeWithoutResult(t -> {
            repo.insertCycle(me.orgId(), id, n, start, end, me.userId().value(), now);
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.cycle.created", "review-cycle:" + id)
                    .with("name", n).with("from", start.toString()).with("to", end.toString()));
        });
        return repo.cycle(me.orgId(), id).orElseThrow();
    }

    public List<Cycle> cycles(OrgId org) {
        return repo.cycles(org);
    }

    public Cycle cycle(OrgId org, UUID id) {
        return repo.cycle(org, id).orElseThrow(() -> new NotFoundException("Review cycle"));
    }

    /** The reviews of a cycle this member may see: all of them for an admin, their own as reviewer otherwise. */
    public List<Review> reviews(CurrentUser me, UUID cycle) {
        cycle(me.orgId(), cycle);
        return repo.reviews(me.orgId(), cycle).stream()
                .filter(r -> me.isAdmin() || me.userId().value().equals(r.reviewer())).toList();
    }

    /** Deletes a cycle and its reviews (admin). */
    public void delete(CurrentUser me, UUID cycle) {
        me.requireAdmin();
        tx.executeWithoutResult(t -> {
            if (!repo.deleteCycle(me.orgId(), cycle)) {
                throw new NotFoundException("Review cycle");
            }
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.cycle.deleted", "review-cycle:" + cycle));
        });
    }

    /** Adds a review of {@code reviewee} by {@code reviewer} to a cycle (admin); both must be members. */
    public Review addReview(CurrentUser me, UUID cycle, UUID reviewee, UUID reviewer) {
        me.requireAdmin();
        cycle(me.orgId(), cycle);
        Map<UUID, Members.Member> members = people.members(me.orgId());
        Map<String, String> errors = new LinkedHashMap<>();
        if (reviewee == null || !members.containsKey(reviewee)) {
            errors.put("reviewee", "Choose the reviewee among the organization's members.");
        }
        if (reviewer == null || !members.containsKey(reviewer)) {
            errors.put("reviewer", "Choose the reviewer among the organization's members.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(t -> {
            if (!repo.insertReview(me.orgId(), id, cycle, reviewee, reviewer, clock.instant())) {
                throw new ConflictException("This cycle already has a review of that person.");
            }
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.review.added", "review:" + id)
                    .with("cycle", cycle.toString()).with("reviewee", reviewee.toString()).with("reviewer", reviewer.toString()));
        });
        return repo.review(me.orgId(), id, false).orElseThrow();
    }

    /** A review with its cycle, people and evidence; another organization's, or one this member does not write, is not found. */
    public ReviewView view(CurrentUser me, UUID id) {
        Review r = visible(me, id);
        Cycle c = cycle(me.orgId(), r.cycleId());
        Map<UUID, Members.Member> members = people.members(me.orgId());
        return new ReviewView(r, c, members.get(r.reviewee()), r.reviewer() == null ? null : members.get(r.reviewer()),
                evidence(me.orgId(), r.reviewee(), c.start(), c.end()));
    }

    /**
     * The reviewee's signals in the period: their work signals, and the results of customer calls they took that the
     * organization had analysed (REV-5), as signals of source CALLS, in time order.
     */
    private List<Signal> evidence(dev.charter.shared.OrgId org, UUID reviewee, Instant start, Instant end) {
        List<Signal> all = new ArrayList<>(repo.signalsOf(org, reviewee, start, end));
        for (var cs : calls.of(org, new dev.charter.shared.UserId(reviewee), start, end)) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("measure", cs.kind());
            facts.put("value", cs.value());
            all.add(new Signal(cs.id(), null, dev.charter.reviews.SignalSource.CALLS, dev.charter.reviews.SignalKind.CALL,
                    cs.callId().toString(), null, cs.at(), null, facts, null, 1));
        }
        all.sort(java.util.Comparator.comparing(Signal::occurredAt).thenComparing(Signal::id));
        return all;
    }

    /**
     * Writes a new draft from the reviewee's included signals in the cycle's period (REV-3), replacing the current
     * one; the model is asked outside the transaction, and the draft is kept only if the review is still not final.
     */
    public Review generate(CurrentUser me, UUID id) {
        ReviewView v = view(me, id);
        requireOpen(v.review());
        List<Signal> included = v.signals().stream().filter(s -> !v.review().excluded().contains(s.id())).toList();
        DraftWriter.Written w = writer.write(me.orgId(), me.userId(), v.cycle(), included);
        Instant now = clock.instant();
        tx.executeWithoutResult(t -> {
            requireOpen(repo.review(me.orgId(), id, true).orElseThrow(() -> new NotFoundException("Review")));
            repo.saveDraft(me.orgId(), id, w.draft(), w.provider(), now);
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.draft.generated", "review:" + id)
                    .with("provider", w.provider()).with("signals", Integer.toString(included.size()))
                    .with("sentences", Integer.toString(w.draft().sentences().size()))
                    .with("removedRatings", Integer.toString(w.draft().removedRatings()))
                    .with("removedUnknownIds", Integer.toString(w.draft().removedUnknownIds())));
        });
        return repo.review(me.orgId(), id, false).orElseThrow();
    }

    /**
     * Replaces the draft's sentences with the reviewer's. Each sentence has 1 to 2,000 characters and cites only
     * signals of this review; refused whole otherwise.
     */
    public Review edit(CurrentUser me, UUID id, List<EditedSentence> sentences) {
        ReviewView v = view(me, id);
        requireOpen(v.review());
        if (sentences == null || sentences.isEmpty() || sentences.size() > MAX_EDIT_SENTENCES) {
            throw new InvalidInputException("sentences", "Send 1 to " + MAX_EDIT_SENTENCES + " sentences.");
        }
        Set<UUID> allowed = new LinkedHashSet<>();
        v.signals().stream().filter(s -> !v.review().excluded().contains(s.id())).forEach(s -> allowed.add(s.id()));
        Map<UUID, Review.Sentence> previous = new LinkedHashMap<>();
        List<Review.Sentence> out = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            EditedSentence s = sentences.get(i);
            String text = s == null || s.text() == null ? "" : s.text().strip();
            if (text.isEmpty() || text.length() > MAX_EDIT_CHARS || text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
                throw new InvalidInputException("sentences[" + i + "].text", "Write 1 to " + MAX_EDIT_CHARS + " characters.");
            }
            List<UUID> ids = new ArrayList<>();
            for (String raw : s.signals() == null ? List.<String>of() : s.signals()) {
                UUID u;
                try {
                    u = UUID.fromString(raw == null ? "" : raw.strip());
                } catch (IllegalArgumentException e) {
                    u = null;
                }
                if (u == null || !allowed.contains(u)) {
                    throw new InvalidInputException("sentences[" + i + "].signals",
                            "Cite only signals of this review's evidence (excluded ones are not).");
                }
                if (!ids.contains(u)) {
                    ids.add(u);
                }
            }
            String flag = text.toLowerCase(java.util.Locale.ROOT).startsWith("not enough data") ? Review.Sentence.NOT_ENOUGH_DATA
                    : ids.isEmpty() ? Review.Sentence.UNSUPPORTED : null;
            out.add(new Review.Sentence("reviewer", text, List.copyOf(ids), flag));
        }
        Review.Draft before = v.review().draft();
        Review.Draft draft = new Review.Draft(out, before == null ? 0 : before.removedRatings(),
                before == null ? 0 : before.removedUnknownIds());
        tx.executeWithoutResult(t -> {
            requireOpen(repo.review(me.orgId(), id, true).orElseThrow(() -> new NotFoundException("Review")));
            repo.saveEdit(me.orgId(), id, draft, clock.instant());
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.draft.edited", "review:" + id)
                    .with("sentences", Integer.toString(out.size())));
        });
        return repo.review(me.orgId(), id, false).orElseThrow();
    }

    /**
     * Includes or excludes one signal of the review's evidence. An excluded signal is left out of the next draft
     * request and its id is taken off the current draft's sentences.
     */
    public Review evidence(CurrentUser me, UUID id, UUID signal, boolean include) {
        ReviewView v = view(me, id);
        requireOpen(v.review());
        if (signal == null || v.signals().stream().noneMatch(s -> s.id().equals(signal))) {
            throw new NotFoundException("Signal");
        }
        Set<UUID> excluded = new LinkedHashSet<>(v.review().excluded());
        if (include) {
            excluded.remove(signal);
        } else {
            excluded.add(signal);
        }
        tx.executeWithoutResult(t -> {
            Review locked = repo.review(me.orgId(), id, true).orElseThrow(() -> new NotFoundException("Review"));
            requireOpen(locked);
            Instant now = clock.instant();
            repo.saveExcluded(me.orgId(), id, excluded, now);
            if (!include && locked.draft() != null) {
                List<Review.Sentence> kept = locked.draft().sentences().stream().map(s -> {
                    List<UUID> ids = s.signals().stream().filter(x -> !x.equals(signal)).toList();
                    String flag = ids.isEmpty() && s.flag() == null ? Review.Sentence.UNSUPPORTED : s.flag();
                    return new Review.Sentence(s.section(), s.text(), ids, flag);
                }).toList();
                repo.saveEdit(me.orgId(), id, new Review.Draft(kept, locked.draft().removedRatings(),
                        locked.draft().removedUnknownIds()), now);
            }
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(),
                    include ? "reviews.evidence.included" : "reviews.evidence.excluded", "review:" + id)
                    .with("signal", signal.toString()));
        });
        return repo.review(me.orgId(), id, false).orElseThrow();
    }

    /** Makes the review final; it needs a draft, and then no longer changes. */
    public Review finalizeReview(CurrentUser me, UUID id) {
        visible(me, id);
        tx.executeWithoutResult(t -> {
            Review r = repo.review(me.orgId(), id, true).orElseThrow(() -> new NotFoundException("Review"));
            requireOpen(r);
            if (r.draft() == null) {
                throw new ConflictException("Write a draft before finalizing the review.");
            }
            repo.finalizeReview(me.orgId(), id, me.userId().value(), clock.instant());
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.review.finalized", "review:" + id));
        });
        return repo.review(me.orgId(), id, false).orElseThrow();
    }

    /** The final review as Markdown (a review still in draft answers 409). */
    public String markdown(CurrentUser me, UUID id) {
        ReviewView v = view(me, id);
        if (!v.review().isFinal()) {
            throw new ConflictException("Only a final review is exported; finalize it first.");
        }
        return ReviewMarkdown.of(v);
    }

    private Review visible(CurrentUser me, UUID id) {
        Review r = id == null ? null : repo.review(me.orgId(), id, false).orElse(null);
        if (r == null || !(me.isAdmin() || me.userId().value().equals(r.reviewer()))) {
            throw new NotFoundException("Review");
        }
        return r;
    }

    private static void requireOpen(Review r) {
        if (r.isFinal()) {
            throw new ConflictException("This review is final and no longer changes.");
        }
    }

    private static LocalDate date(String value, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            errors.put(field, "Give the day as YYYY-MM-DD.");
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.put(field, "Give the day as YYYY-MM-DD.");
            return null;
        }
    }
}
