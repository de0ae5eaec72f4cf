package dev.charter.crews.internal;

import dev.charter.ai.CategoryDefinition;
import dev.charter.ai.Classification;
import dev.charter.ai.LocalClassifiers;
import dev.charter.crews.CrewDefinition;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The organization's Crews analytics (CRW-7): volumes, resolution and hand-off rates, first-response time, sentiment
 * trend, category mix and the lead funnel, over the last days. Anonymized: only counts leave this class, never a
 * contact, a message or an id, and every count below {@link #MIN_CELL} (but above zero) is suppressed (shown as
 * null), as is every rate or time resting on fewer than {@link #MIN_CELL} conversations. Sentiment and category
 * are judged by the local classifiers over the window's most recent {@link #MAX_CLASSIFIED} customer messages.
 */
@Service
public class CrewsAnalytics {

    /** The smallest count shown; smaller non-zero counts are suppressed. */
    public static final int MIN_CELL = 5;

    static final int MAX_CLASSIFIED = 500;

    /** One count; {@code count} is null when suppressed. */
    public record Cell(String label, String series, Long count) {}

    /**
     * @param days              the window, in days up to today
     * @param conversations     conversations started in the window (null when suppressed)
     * @param volumes           conversations per day and channel
     * @param resolutionRate    share of the window's conversations resolved, 0 to 1
     * @param handOffRate       share handed to a person (asked for, or handed over by the crew, or answered by a person)
     * @param firstResponseSeconds median seconds from the customer's first message to the first reply
     * @param sentiment         customer messages per day and sentiment
     * @param categories        conversations per category of the organization's own list
     * @param funnel            conversations, of which the contact gave an email, a company, and reached a person
     */
    public record Report(int days, int minCell, Long conversations, List<Cell> volumes, Double resolutionRate,
                         Double handOffRate, Double firstResponseSeconds, List<Cell> sentiment, List<Cell> categories,
                         List<Cell> funnel) {}

    private final JdbcClient jdbc;
    private final LocalClassifiers classifiers;
    private final CrewService crews;
    private final Clock clock;

    CrewsAnalytics(JdbcClient jdbc, LocalClassifiers classifiers, CrewService crews, Clock clock) {
        this.jdbc = jdbc;
        this.classifiers = classifiers;
        this.crews = crews;
        this.clock = clock;
    }

    public Report report(CurrentUser me, int days) {
        if (days < 1 || days > 365) {
            throw new InvalidInputException("days", "Choose a window of 1 to 365 days.");
        }
        OrgId org = me.orgId();
        Instant from = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days - 1L)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        Timestamp since = Timestamp.from(from);

        List<Cell> volumes = jdbc.sql("""
                select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as d, channel, count(*) from crews_conversation
                where org_id = ? and created_at >= ? group by 1, 2 order by 1, 2""")
                .params(org.value(), since).query((rs, n) -> cell(rs.getString(1), rs.getString(2), rs.getLong(3))).list();

        var totals = jdbc.sql("""
                select count(*) as total,
                       count(*) filter (where c.status = 'RESOLVED') as resolved,
                       count(*) filter (where c.person_requested_at is not null or c.status in ('WAITING', 'OPEN')
                           or exists (select 1 from crews_message m where m.org_id = c.org_id and m.conversation_id = c.id
                                      and m.author = 'PERSON')) as handed,
                       count(*) filter (where k.email is not null) as with_email,
                       count(*) filter (where k.email is not null and k.company is not null) as with_company
                from crews_conversation c join crews_contact k on k.org_id = c.org_id and k.id = c.contact_id
                where c.org_id = ? and c.created_at >= ?""")
                .params(org.value(), since).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5)}).single();
        long total = totals[0];

        Double firstResponse = jdbc.sql("""
                select count(*), percentile_cont(0.5) within group (order by secs) from (
                  select extract(epoch from (min(m.created_at) filter (where m.author in ('CREW', 'PERSON'))
                                             - min(m.created_at) filter (where m.author = 'CONTACT'))) as secs
                  from crews_conversation c join crews_message m on m.org_id = c.org_id and m.conversation_id = c.id
                  where c.org_id = ? and c.created_at >= ? group by c.id) t where secs is not null and secs >= 0""")
                .params(org.value(), since)
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getLong(1) >= MIN_CELL ? rs.getDouble(2) : null))
                .single().orElse(null);

        List<Cell> funnel = List.of(cell("conversations", "funnel", total), cell("gave an email", "funnel", totals[3]),
                cell("gave a company", "funnel", totals[4]), cell("reached a person", "funnel", totals[2]));

        return new Report(days, MIN_CELL, suppressed(total), volumes, rate(totals[1], total), rate(totals[2], total),
                firstResponse, sentiment(org, since), categories(org, since), funnel);
    }

    private List<Cell> sentiment(OrgId org, Timestamp since) {
        Map<String, Map<String, Long>> perDay = new TreeMap<>();
        jdbc.sql("""
                select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD'), body from crews_message
                where org_id = ? and author = 'CONTACT' and created_at >= ? order by created_at desc limit ?""")
                .params(org.value(), since, MAX_CLASSIFIED)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list()
                .forEach(r -> perDay.computeIfAbsent(r[0], d -> new TreeMap<>())
                        .merge(classifiers.sentiment(r[1]).value(), 1L, Long::sum));
        List<Cell> cells = new ArrayList<>();
        perDay.forEach((day, counts) -> counts.forEach((s, c) -> cells.add(cell(day, s, c))));
        return cells;
    }

    /** Each conversation's first customer message, classified into its crew's own categories. */
    private List<Cell> categories(OrgId org, Timestamp since) {
        Map<UUID, List<CategoryDefinition>> perCrew = new LinkedHashMap<>();
        Map<String, Long> counts = new TreeMap<>();
        jdbc.sql("""
                select distinct on (c.id) c.crew_id, m.body from crews_conversation c
                join crews_message m on m.org_id = c.org_id and m.conversation_id = c.id and m.author = 'CONTACT'
                where c.org_id = ? and c.created_at >= ? order by c.id, m.created_at limit ?""")
                .params(org.value(), since, MAX_CLASSIFIED)
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list()
                .forEach(e -> {
                    List<CategoryDefinition> cats = perCrew.computeIfAbsent(e.getKey(), id -> {
                        try {
                            CrewDefinition d = crews.find(org, id).definition();
                            return d.categories();
                        } catch (RuntimeException gone) {
                            return List.of();
                        }
                    });
                    String name = "uncategorized";
                    if (!cats.isEmpty()) {
                        Classification c = classifiers.category(e.getValue(), cats);
                        name = c.value() == null ? name : c.value();
                    }
                    counts.merge(name, 1L, Long::sum);
                });
        List<Cell> cells = new ArrayList<>();
        counts.forEach((name, c) -> cells.add(cell(name, "category", c)));
        return cells;
    }

    static Cell cell(String label, String series, long count) {
        return new Cell(label, series, suppressed(count));
    }

    static Long suppressed(long count) {
        return count > 0 && count < MIN_CELL ? null : count;
    }

    static Double rate(long part, long whole) {
        return whole < MIN_CELL ? null : Math.round(1000.0 * part / whole) / 1000.0;
    }

}
