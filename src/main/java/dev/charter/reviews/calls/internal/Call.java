package dev.charter.reviews.calls.internal;

import java.time.Instant;
import java.util.UUID;

/** A call as stored: what it was, whether it was analysed or skipped and why, and its analysis (JSON) if any. */
public record Call(UUID id, String provider, String externalId, String hostEmail, UUID revieweeId, Instant startedAt,
                   Integer durationSeconds, String status, String reason, Integer attendeesInternal,
                   Integer attendeesExternal, Integer attendeesUnknown, String analysis, Instant receivedAt,
                   Instant analysedAt) {}
