package dev.charter.pilots.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * What a schedule must be to be saved: a six-field cron expression that fires within {@link #HORIZON_YEARS} years
 * (30 February never does) and leaves at least the operator's minimum interval between two runs.
 */
final class CronRules {

    /** A schedule whose next run is further away than this is refused as one that never fires. */
    static final int HORIZON_YEARS = 5;

    private static final String[] FIELDS = {"second", "minute", "hour", "day of month", "month", "day of week"};
    private static final String[] RANGES = {"0-59", "0-59", "0-23", "1-31, L or ?", "1-12 or JAN-DEC", "0-7, MON-SUN, L or ?"};
    private static final String[] NEUTRAL = {"0", "0", "0", "*", "*", "?"};

    /** Fire times compared in the schedule's own time zone, for gaps that only show there (across midnight, DST). */
    private static final int SAMPLE = 1000;
    /** Most fire times looked at within one day (a day has 86,400 seconds). */
    private static final int DAY_LIMIT = 86_400;

    private CronRules() {}

    /** The reason the schedule cannot be saved, in a sentence for the {@code trigger.cron} field, or empty. */
    static Optional<String> problem(String cron, ZoneId zone, Duration minimum, Instant now) {
        if (cron == null || cron.isBlank()) {
            return Optional.of("Enter a cron expression with six fields, for example 0 0 9 * * MON-FRI.");
        }
        String[] parts = cron.strip().split("\\s+");
        if (parts.length != 6) {
            return Optional.of("A cron expression has six fields (second minute hour day month weekday); this one has "
                    + parts.length + "." + (parts.length == 5 ? " For a five-field crontab line, put 0 (the second) in front." : "")
                    + " For example 0 0 9 * * MON-FRI.");
        }
        CronExpression expression;
        try {
            expression = CronExpression.parse(cron);
        } catch (IllegalArgumentException e) {
            return Optional.of(badField(parts));
        }
        ZonedDateTime start = now.atZone(zone);
        ZonedDateTime first = expression.next(start);
        if (first == null || first.isAfter(start.plusYears(HORIZON_YEARS))) {
            return Optional.of("This schedule never runs: no date in the next " + HORIZON_YEARS + " years matches it"
                    + (first == null ? "" : " (the first is " + first.toLocalDate() + ")")
                    + ". Check the day and month (30 February and 31 April do not exist).");
        }
        Duration shortest = shortestGap(expression, now, zone, minimum);
        if (shortest.compareTo(minimum) < 0) {
            return Optional.of("Two runs of this schedule would be only " + words(shortest) + " apart; runs must be at least "
                    + words(minimum) + " apart (every minute is 0 * * * * *).");
        }
        return Optional.empty();
    }

    /**
     * The shortest gap between two runs, or {@code minimum} once none shorter is found. Every matching day has the same
     * times of day, so one whole day (in UTC, free of DST) shows every gap inside a day; the first runs in the
     * schedule's own zone add the gaps across midnight and DST changes.
     */
    private static Duration shortestGap(CronExpression expression, Instant now, ZoneId zone, Duration minimum) {
        Duration shortest = minimum;
        if (minimum.compareTo(Duration.ofSeconds(1)) <= 0) {
            return shortest; // a cron's runs are whole seconds apart
        }
        ZonedDateTime firstUtc = expression.next(now.atZone(ZoneOffset.UTC));
        if (firstUtc != null) {
            ZonedDateTime dayStart = firstUtc.truncatedTo(ChronoUnit.DAYS);
            ZonedDateTime dayEnd = dayStart.plusDays(1);
            ZonedDateTime previous = null;
            ZonedDateTime t = expression.next(dayStart.minusSeconds(1));
            for (int i = 0; t != null && t.isBefore(dayEnd) && i < DAY_LIMIT; i++) {
                if (previous != null) {
                    Duration gap = Duration.between(previous, t);
                    if (gap.compareTo(shortest) < 0) {
                        return gap;
                    }
                }
                previous = t;
                t = expression.next(t);
            }
        }
        ZonedDateTime previous = null;
        ZonedDateTime t = expression.next(now.atZone(zone));
        for (int i = 0; t != null && i < SAMPLE; i++) {
            if (previous != null) {
                Duration gap = Duration.between(previous, t);
                if (gap.compareTo(shortest) < 0) {
                    shortest = gap;
                }
            }
            previous = t;
            t = expression.next(t);
        }
        return shortest;
    }

    /** Names the first field that does not parse on its own. */
    private static String badField(String[] parts) {
        for (int i = 0; i < parts.length; i++) {
            String[] probe = NEUTRAL.clone();
            probe[i] = parts[i];
            if (i == 3 && !"?".equals(parts[i])) {
                probe[5] = "?";
            } else if (i == 5 && !"?".equals(parts[i])) {
                probe[3] = "?";
            }
            try {
                CronExpression.parse(String.join(" ", probe));
            } catch (IllegalArgumentException e) {
                return "The " + FIELDS[i] + " field (" + ordinal(i + 1) + ") '" + parts[i] + "' is not valid: use "
                        + RANGES[i] + ", lists (1,15), ranges (1-5), steps (*/15) or *.";
            }
        }
        return "These six fields do not make a cron expression together; for example 0 0 9 * * MON-FRI.";
    }

    private static String ordinal(int n) {
        return n + switch (n) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    static String words(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0 && s > 0) {
            return plural(s / 86_400, "day");
        }
        if (s % 3600 == 0 && s > 0) {
            return plural(s / 3600, "hour");
        }
        if (s % 60 == 0 && s > 0) {
            return plural(s / 60, "minute");
        }
        return plural(s, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
