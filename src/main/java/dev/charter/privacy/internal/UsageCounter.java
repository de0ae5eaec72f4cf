package dev.charter.privacy.internal;

import dev.charter.privacy.ProcessingGate;
import dev.charter.privacy.UsageEvents;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * First-party usage counts (DSR-4): one counter per organization, day, kind and name. The person is
 * only used to ask the {@link ProcessingGate}; nothing that identifies them is stored.
 */
@Service
public class UsageCounter implements UsageEvents {

    /** One day's count, as an admin sees it. */
    public record Count(LocalDate day, String kind, String name, long count) {}

    private final JdbcClient jdbc;
    private final ProcessingGate gate;
    private final PrivacySettings settings;
    private final Clock clock;

    UsageCounter(JdbcClient jdbc, ProcessingGate gate, PrivacySettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.gate = gate;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void featureUsed(OrgId org, UserId person, String feature) {
        count(org, person, "feature", feature);
    }

    void pageViewed(OrgId org, UserId person, String pathPattern) {
        count(org, person, "page_view", pathPattern);
    }

    private void count(OrgId org, UserId person, String kind, String name) {
        if (!settings.analyticsEnabled() || name == null || name.isBlank() || name.length() > 200) {
            return;
        }
        if (!gate.mayProcess(org, person, ProcessingGate.ANALYTICS)) {
            return;
        }
        jdbc.sql("""
                insert into privacy_usage_event (org_id, day, kind, name, count) values (?, ?, ?, ?, 1)
                on conflict (org_id, day, kind, name) do update set count = privacy_usage_event.count + 1""")
                .params(org.value(), Date.valueOf(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)), kind, name)
                .update();
    }

    /** The organization's counts of the last {@code days} days, newest first. */
    public List<Count> counts(OrgId org, int days) {
        LocalDate from = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(Math.max(0, days - 1));
        return jdbc.sql("""
                select day, kind, name, count from privacy_usage_event
                where org_id = ? and day >= ? order by day desc, kind, count desc, name""")
                .params(org.value(), Date.valueOf(from)).query(Count.class).list();
    }
}
