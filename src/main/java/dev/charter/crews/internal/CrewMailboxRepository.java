package dev.charter.crews.internal;

import dev.charter.shared.OrgId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of crews_mailbox: a crew's support mailbox, its connections and its read cursor. */
@Repository
class CrewMailboxRepository {

    record Row(UUID crewId, UUID orgId, UUID imapConnectionId, UUID smtpConnectionId, String address, String folder,
               int checkEverySeconds, Long uidValidity, long lastUid, long messagesRead, Instant lastCheckAt,
               String lastError, Instant createdAt) {}

    private static final String COLUMNS = """
            crew_id, org_id, imap_connection_id, smtp_connection_id, address, folder, check_every_seconds, uid_validity,
            last_uid, messages_read, last_check_at, last_error, created_at""";

    private final JdbcClient jdbc;

    CrewMailboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void put(OrgId org, UUID crew, UUID imap, UUID smtp, String address, String folder, int checkEvery, UUID by) {
        jdbc.sql("""
                insert into crews_mailbox (crew_id, org_id, imap_connection_id, smtp_connection_id, address, folder,
                    check_every_seconds, created_by, last_check_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, now())
                on conflict (crew_id) do update set imap_connection_id = excluded.imap_connection_id,
                    last_check_at = now(),
                    smtp_connection_id = excluded.smtp_connection_id, address = excluded.address, folder = excluded.folder,
                    check_every_seconds = excluded.check_every_seconds, last_error = null,
                    -- another mailbox or folder is read from its start
                    uid_validity = case when crews_mailbox.imap_connection_id = excluded.imap_connection_id
                        and crews_mailbox.folder = excluded.folder then crews_mailbox.uid_validity end,
                    last_uid = case when crews_mailbox.imap_connection_id = excluded.imap_connection_id
                        and crews_mailbox.folder = excluded.folder then crews_mailbox.last_uid else 0 end
                where crews_mailbox.org_id = excluded.org_id""")
                .params(crew, org.value(), imap, smtp, address, folder, checkEvery, by).update();
    }

    Optional<Row> find(OrgId org, UUID crew) {
        return jdbc.sql("select " + COLUMNS + " from crews_mailbox where org_id = ? and crew_id = ?")
                .params(org.value(), crew).query(Row.class).optional();
    }

    boolean delete(OrgId org, UUID crew) {
        return jdbc.sql("delete from crews_mailbox where org_id = ? and crew_id = ?").params(org.value(), crew).update() > 0;
    }

    /** Mailboxes whose interval has passed, across organizations, for the scheduler. */
    List<Row> due(Instant now, int limit) {
        return jdbc.sql("select " + COLUMNS + " from crews_mailbox where last_check_at is null "
                        + "or last_check_at + make_interval(secs => check_every_seconds) <= ? order by last_check_at nulls first limit ?")
                .params(Timestamp.from(now), limit).query(Row.class).list();
    }

    /** Claims the next check of one mailbox: true for exactly one node. */
    boolean claim(OrgId org, UUID crew, Instant seen, Instant now) {
        return jdbc.sql("""
                update crews_mailbox set last_check_at = ? where org_id = ? and crew_id = ?
                and last_check_at is not distinct from ?""")
                .params(Timestamp.from(now), org.value(), crew, seen == null ? null : Timestamp.from(seen)).update() == 1;
    }

    /** Takes the lease of one mailbox's check until {@code until}: false when another check holds it. */
    boolean lease(OrgId org, UUID crew, Instant now, Instant until) {
        return jdbc.sql("""
                update crews_mailbox set lease_until = ? where org_id = ? and crew_id = ?
                and (lease_until is null or lease_until < ?)""")
                .params(Timestamp.from(until), org.value(), crew, Timestamp.from(now)).update() == 1;
    }

    void release(OrgId org, UUID crew) {
        jdbc.sql("update crews_mailbox set lease_until = null where org_id = ? and crew_id = ?").params(org.value(), crew).update();
    }

    /** Moves the cursor past one message read. */
    void advance(OrgId org, UUID crew, long uidValidity, long uid) {
        jdbc.sql("""
                update crews_mailbox set uid_validity = ?, last_uid = greatest(case when uid_validity = ? then last_uid else 0 end, ?),
                    messages_read = messages_read + 1, last_error = null where org_id = ? and crew_id = ?""")
                .params(uidValidity, uidValidity, uid, org.value(), crew).update();
    }

    void checked(OrgId org, UUID crew, Instant at, String error) {
        jdbc.sql("update crews_mailbox set last_check_at = ?, last_error = ? where org_id = ? and crew_id = ?")
                .params(Timestamp.from(at), error, org.value(), crew).update();
    }
}
