package dev.charter.pilots.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Schedules that would surprise are refused with a sentence that says why; ordinary ones pass. */
class CronRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static String problem(String cron) {
        return CronRules.problem(cron, ZoneOffset.UTC, MINUTE, NOW).orElse(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"* * * * * *", "*/10 * * * * *", "*/30 * * * * *", "0,30 * * * * *", "0-5 0 9 * * *",
            "0,59 59 23 * * *"})
    void schedulesThatRunMoreOftenThanTheMinimumAreRefused(String cron) {
        assertThat(problem(cron)).as(cron).contains("apart").contains("at least 1 minute");
    }

    @Test
    void theMessageSaysHowCloseTheRunsAre() {
        assertThat(problem("* * * * * *")).contains("only 1 second apart");
        assertThat(problem("*/10 * * * * *")).contains("only 10 seconds apart");
        assertThat(CronRules.problem("0 */5 * * * *", ZoneOffset.UTC, Duration.ofMinutes(15), NOW).orElseThrow())
                .contains("only 5 minutes apart").contains("at least 15 minutes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 0 30 2 *", "0 0 0 31 4 *", "0 0 0 31 6,9,11 *", "0 0 12 30,31 2 *"})
    void schedulesThatNeverRunAreRefused(String cron) {
        assertThat(problem(cron)).as(cron).contains("never runs");
    }

    @Test
    void aScheduleWhoseFirstRunIsYearsAwayIsRefusedAndSaysWhen() {
        // 29 February on a Monday: the first after 2026 is in 2044
        assertThat(problem("0 0 0 29 2 MON")).contains("never runs").contains("2044-02-29");
    }

    @ParameterizedTest
    @ValueSource(strings = {"every day", "", "   ", "0 0 9 * *", "0 0 9 * * * 2026", "61 * * * * *", "0 0 25 * * *",
            "0 0 9 * * FOO", "0 0 9 32 * *", "0 0 9 * 13 *", "x y z a b c", "0 0 9 * * MON-", "*/0 * * * * *"})
    void garbageIsRefusedNamingWhatIsWrong(String cron) {
        assertThat(problem(cron)).as(cron).isNotBlank().doesNotContain("Exception").doesNotContain("ChronoField")
                .doesNotContain("For input string");
    }

    @Test
    void theWrongFieldIsNamed() {
        assertThat(problem("0 0 25 * * *")).contains("hour field (3rd) '25'").contains("0-23");
        assertThat(problem("61 * * * * *")).contains("second field (1st)");
        assertThat(problem("0 0 9 * * FOO")).contains("day of week field (6th)");
        assertThat(problem("0 0 9 * *")).contains("this one has 5").contains("put 0 (the second) in front");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 * * * * *", "0 */5 * * * *", "0 0 9 * * MON-FRI", "0 30 8 1 * *", "0 0 0 29 2 *",
            "0 0 0 L * *", "0 0 12 13 * FRI", "0 0,30 * * * *", "0 59 23 31 12 *", "0 0 9 ? * MON", "30 0 0 * * *"})
    void ordinarySchedulesPass(String cron) {
        assertThat(problem(cron)).as(cron).isNull();
    }

    @Test
    void aMinimumOfOneSecondLetsEveryTenSecondsThrough() {
        assertThat(CronRules.problem("*/10 * * * * *", ZoneOffset.UTC, Duration.ofSeconds(1), NOW)).isEmpty();
        assertThat(CronRules.problem("0 0 9 * * *", ZoneId.of("Europe/Amsterdam"), Duration.ofHours(23), NOW)).isEmpty();
    }
}
