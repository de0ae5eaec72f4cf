package dev.charter.reviews.cycles.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/** A review cycle: a name and a period, both days included (UTC). */
public record Cycle(UUID id, String name, LocalDate from, LocalDate to, Instant createdAt, long reviews) {

    /** The first instant of the period. */
    public Instant start() {
        return from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant after the period. */
    public Instant end() {
        return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
