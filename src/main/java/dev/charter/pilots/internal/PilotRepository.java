package dev.charter.pilots.internal;

import dev.charter.shared.OrgId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** SQL of pilots_pilot. Every query is scoped by organization, except the scheduler's documented scan. */
@Repository
class PilotRepository {

    record PilotRow(UUID id, UUID orgId, UUID ownerId, String title, String description, boolean enabled,
                    String triggerKind, String cron, String timeZone, Instant nextRunAt, byte[] secretNonce,
                    String steps, String samplePayload, Instant createdAt, Instant updatedAt, String verification,
                    UUID signingSecretId) {}

    record Summary(UUID id, String title, boolean enabled, String triggerKind, String lastStatus, Instant lastRunAt,
                   long runs) {}

    private static final String COLUMNS = """
            id, org_id, owner_id, title, description, enabled, trigger_kind, cron, time_zone, next_run_at,
            secret_nonce, steps::text as steps, sample_payload::text as sample_payload, created_at, updated_at, verification,
            signing_secret_id""";

    /** How long a node keeps a Pilot's delivery settings: one second. */
    static final long DELIVERY_CACHE_NANOS = 1_000_000_000L;
    private static final int DELIVERY_CACHE_SIZE = 10_000;

    private record CachedTarget(DeliveryTarget target, long loadedAt) {}

    private final JdbcClient jdbc;
    private final Map<UUID, CachedTarget> deliveryCache = new ConcurrentHashMap<>();

    PilotRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(PilotRow p) {
        jdbc.sql("""
                insert into pilots_pilot (id, org_id, owner_id, title, description, enabled, trigger_kind, cron, time_zone,
                                          next_run_at, secret_nonce, steps, sample_payload, verification)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?)""")
                .params(p.id(), p.orgId(), p.ownerId(), p.title(), p.description(), p.enabled(), p.triggerKind(), p.cron(),
                        p.timeZone(), ts(p.nextRunAt()), p.secretNonce(), p.steps(), p.samplePayload(), p.verification())
                .update();
    }

    int update(OrgId org, PilotRow p) {
        forget(p.id());
        return jdbc.sql("""
                update pilots_pilot set title = ?, description = ?, enabled = ?, trigger_kind = ?, cron = ?, time_zone = ?,
                       next_run_at = ?, steps = cast(? as jsonb), sample_payload = cast(? as jsonb), verification = ?,
                       updated_at = now()
                where org_id = ? and id = ?""")
                .params(p.title(), p.description(), p.enabled(), p.triggerKind(), p.cron(), p.timeZone(), ts(p.nextRunAt()),
                        p.steps(), p.samplePayload(), p.verification(), org.value(), p.id())
                .update();
    }

    Optional<PilotRow> find(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from pilots_pilot where org_id = ? and id = ?")
                .params(org.value(), id).query(PilotRow.class).optional();
    }

    /** What a delivery needs to know of its Pilot. */
    /** @param replies true when a step of the Pilot answers the delivery (a {@code reply} step) */
    record DeliveryTarget(UUID id, UUID orgId, UUID ownerId, boolean enabled, String triggerKind, byte[] secretNonce,
                          String verification, UUID signingSecretId, boolean replies) {}

    /**
     * For deliveries, which arrive without a signed-in user: the secret decides, not the organization. A busy
     * delivery URL would read the same row thousands of times a second, so a found Pilot is kept for up to
     * {@link #DELIVERY_CACHE_NANOS}; this node forgets it as soon as it changes or goes here, and another node's
     * change takes effect here within that time. A Pilot deleted meanwhile still stores nothing: the run's
     * foreign key refuses it.
     */
    Optional<DeliveryTarget> findForDelivery(UUID id) {
        long now = System.nanoTime();
        CachedTarget cached = deliveryCache.get(id);
        if (cached != null && now - cached.loadedAt < DELIVERY_CACHE_NANOS) {
            return Optional.of(cached.target);
        }
        var target = jdbc.sql("""
                select id, org_id, owner_id, enabled, trigger_kind, secret_nonce, verification, signing_secret_id,
                       jsonb_path_exists(steps, '$[*] ? (@.kind == "reply")') as replies
                from pilots_pilot where id = ?""")
                .param(id).query(DeliveryTarget.class).optional();
        if (target.isPresent()) {
            if (deliveryCache.size() >= DELIVERY_CACHE_SIZE) {
                deliveryCache.clear();
            }
            deliveryCache.put(id, new CachedTarget(target.get(), now));
        } else {
            deliveryCache.remove(id);
        }
        return target;
    }

    /** Drops a Pilot from the delivery cache now and again when the caller's transaction ends. */
    private void forget(UUID id) {
        deliveryCache.remove(id);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    deliveryCache.remove(id);
                }
            });
        }
    }

    List<Summary> list(OrgId org) {
        return jdbc.sql("""
                select p.id, p.title, p.enabled, p.trigger_kind, r.status as last_status, r.created_at as last_run_at,
                       (select count(*) from pilots_run c where c.pilot_id = p.id) as runs
                from pilots_pilot p
                left join lateral (select status, created_at from pilots_run where pilot_id = p.id
                                   order by created_at desc limit 1) r on true
                where p.org_id = ? order by p.created_at""").param(org.value()).query(Summary.class).list();
    }

    /** One page of {@link #search}: the rows and how many match in all. */
    record SummaryPage(List<Summary> rows, long total) {}

    /**
     * The organization's Pilots whose title contains {@code title} (any case; {@code %} and {@code _} match
     * themselves), optionally only enabled or disabled ones, or only those whose last run has {@code lastStatus},
     * oldest first, {@code limit} from {@code offset}.
     */
    SummaryPage search(OrgId org, String title, Boolean enabled, String lastStatus, int offset, int limit) {
        String pattern = "%" + title.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        String where = """
                where p.org_id = :org and p.title ilike :pattern escape '\\'
                  and (cast(:enabled as boolean) is null or p.enabled = cast(:enabled as boolean))
                  and (cast(:status as text) is null or r.status = cast(:status as text))""";
        String from = """
                from pilots_pilot p
                left join lateral (select status, created_at from pilots_run where pilot_id = p.id and org_id = p.org_id
                                   order by created_at desc limit 1) r on true
                """;
        long total = jdbc.sql("select count(*) " + from + where)
                .param("org", org.value()).param("pattern", pattern).param("enabled", enabled).param("status", lastStatus)
                .query(Long.class).single();
        var rows = jdbc.sql("""
                select p.id, p.title, p.enabled, p.trigger_kind, r.status as last_status, r.created_at as last_run_at,
                       (select count(*) from pilots_run c where c.pilot_id = p.id and c.org_id = p.org_id) as runs
                """ + from + where + " order by p.created_at, p.id offset :offset limit :limit")
                .param("org", org.value()).param("pattern", pattern).param("enabled", enabled).param("status", lastStatus)
                .param("offset", offset).param("limit", limit)
                .query(Summary.class).list();
        return new SummaryPage(rows, total);
    }

    /** Which of {@code ids} are this organization's Pilots. */
    List<UUID> owned(OrgId org, List<UUID> ids) {
        return jdbc.sql("select id from pilots_pilot where org_id = ? and id = any(?)")
                .params(org.value(), ids.toArray(UUID[]::new)).query(UUID.class).list();
    }

    int delete(OrgId org, UUID id) {
        forget(id);
        return jdbc.sql("delete from pilots_pilot where org_id = ? and id = ?").params(org.value(), id).update();
    }

    int rotateSecret(OrgId org, UUID id, byte[] nonce) {
        forget(id);
        return jdbc.sql("update pilots_pilot set secret_nonce = ?, updated_at = now() where org_id = ? and id = ?")
                .params(nonce, org.value(), id).update();
    }

    /** Sets (or with null clears) the vault credential that holds the sender's signing secret. */
    int setSigningSecret(OrgId org, UUID id, UUID credentialId) {
        forget(id);
        return jdbc.sql("update pilots_pilot set signing_secret_id = ?, updated_at = now() where org_id = ? and id = ?")
                .params(credentialId, org.value(), id).update();
    }

    int setEnabled(OrgId org, UUID id, boolean enabled, Instant nextRunAt) {
        forget(id);
        return jdbc.sql("update pilots_pilot set enabled = ?, next_run_at = ?, updated_at = now() where org_id = ? and id = ?")
                .params(enabled, ts(nextRunAt), org.value(), id).update();
    }

    /** Kernel job: schedules of every organization that are due. */
    List<PilotRow> dueSchedules(Instant now, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                 from pilots_pilot where trigger_kind = 'SCHEDULE' and enabled and next_run_at <= ?
                order by next_run_at limit ?""").params(ts(now), limit).query(PilotRow.class).list();
    }

    /** Moves a schedule on only if nobody else did: the node whose update wins runs the occurrence. */
    boolean advanceSchedule(UUID id, Instant expected, Instant next) {
        return jdbc.sql("update pilots_pilot set next_run_at = ? where id = ? and next_run_at = ?")
                .params(ts(next), id, ts(expected)).update() == 1;
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
