package dev.charter.reviews.calls;

import java.time.Instant;
import java.util.UUID;

/**
 * One signal derived from an analysed customer call, for the reviewee (the member who hosted the meeting or took the
 * call).
 *
 * @param kind  {@code TALK_RATIO} (the reviewee's share of talk time, 0 to 1), {@code LONGEST_MONOLOGUE_SECONDS},
 *              {@code QUESTIONS_ASKED}, {@code SENTIMENT} (positive, negative or neutral), {@code TOPIC},
 *              {@code NEXT_STEP}
 * @param value the value as text (a number for the measures)
 * @param at    when the call took place
 */
public record CallSignal(UUID id, UUID callId, UUID person, String kind, String value, Instant at) {}
