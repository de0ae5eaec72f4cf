package dev.charter.crews.internal;

import dev.charter.shared.OrgId;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Charter's own anonymized usage statistics of Crews (CRW-7): one counter per organization, day and event name
 * (a message per channel, an answer, a hand-over). No contact, visitor, address or text is stored. An organization
 * that opted out ({@code usageStatistics} false in its Crews settings) is not counted at all: the check and the
 * increment are one statement, so an opt-out takes effect with the next event.
 */
@Component
class CrewsUsage {

    /** The events counted; anything else is refused, so a counter's name can never carry customer text. */
    static final Set<String> EVENTS = Set.of("api.message", "widget.message", "email.message", "answer", "hand-over",
            "person-requested", "lead-sent");

    record Count(LocalDate day, String name, long count) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    CrewsUsage(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void count(OrgId org, String event) {
        if (!EVENTS.contains(event)) {
            throw new IllegalArgumentException("not a Crews usage event: " + event);
        }
        jdbc.sql("""
                insert into crews_usage_count (org_id, day, name, count)
                select ?, ?, ?, 1
                where coalesce((select usage_statistics from crews_settings where org_id = ?), true)
                on conflict (org_id, day, name) do update set count = crews_usage_count.count + 1""")
                .params(org.value(), Date.valueOf(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)), event, org.value())
                .update();
    }

    List<Count> counts(OrgId org) {
        return jdbc.sql("select day, name, count from crews_usage_count where org_id = ? order by day desc, name")
                .param(org.value()).query(Count.class).list();
    }
}
