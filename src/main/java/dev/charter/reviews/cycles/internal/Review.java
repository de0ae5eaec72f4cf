package dev.charter.reviews.cycles.internal;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One review of a cycle: its reviewee and reviewer, the current draft, the evidence the reviewer left out, and
 * whether it is final (then it no longer changes).
 */
public record Review(UUID id, UUID cycleId, UUID reviewee, UUID reviewer, String status, Draft draft,
                     String draftProvider, Instant draftedAt, Set<UUID> excluded, Instant finalizedAt, Instant updatedAt) {

    public boolean isFinal() {
        return "FINAL".equals(status);
    }

    /**
     * A draft: its sentences, and what was removed from the model's answer before it was kept.
     *
     * @param removedRatings    sentences dropped because they proposed a rating
     * @param removedUnknownIds signal ids the model cited that were not in the request, dropped
     */
    public record Draft(List<Sentence> sentences, int removedRatings, int removedUnknownIds) {}

    /**
     * One sentence and the ids of the signals it rests on.
     *
     * @param section {@code counts}, {@code themes} or {@code highlights} (the local evidence summary), {@code draft}
     *                (a model's), {@code reviewer} (written by the reviewer)
     * @param flag    null, {@code not-enough-data} (the evidence is thin, said so), or {@code unsupported} (it cites
     *                no signal of this review)
     */
    public record Sentence(String section, String text, List<UUID> signals, String flag) {

        public static final String NOT_ENOUGH_DATA = "not-enough-data";
        public static final String UNSUPPORTED = "unsupported";
    }
}
