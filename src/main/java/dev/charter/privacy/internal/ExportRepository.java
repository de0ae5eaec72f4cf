package dev.charter.privacy.internal;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for export jobs. Every read for a caller takes the organization and the person. */
@Repository
class ExportRepository {

    record JobRow(UUID id, UUID orgId, UUID userId, boolean includeOrganization, String status, int progress, int total,
                  Instant createdAt, Instant finishedAt, Long size, String error) {}

    private static final String COLUMNS = """
            id, org_id, user_id, include_organization, status, progress, total, created_at, finished_at,
            octet_length(file)::bigint as size, error""";

    private final JdbcClient jdbc;

    ExportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, OrgId org, UserId user, boolean includeOrganization, Instant now) {
        jdbc.sql("""
                insert into privacy_export_job (id, org_id, user_id, include_organization, status, created_at)
                values (?, ?, ?, ?, 'QUEUED', ?)""")
                .params(id, org.value(), user.value(), includeOrganization, Timestamp.from(now)).update();
    }

    Optional<JobRow> find(OrgId org, UserId user, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from privacy_export_job where org_id = ? and user_id = ? and id = ?")
                .params(org.value(), user.value(), id).query(JobRow.class).optional();
    }

    List<JobRow> list(OrgId org, UserId user) {
        return jdbc.sql("select " + COLUMNS + " from privacy_export_job where org_id = ? and user_id = ? order by created_at desc")
                .params(org.value(), user.value()).query(JobRow.class).list();
    }

    Optional<JobRow> active(OrgId org, UserId user) {
        return jdbc.sql("select " + COLUMNS + """
                 from privacy_export_job where org_id = ? and user_id = ? and status in ('QUEUED', 'RUNNING')
                order by created_at desc limit 1""")
                .params(org.value(), user.value()).query(JobRow.class).optional();
    }

    Optional<byte[]> file(OrgId org, UserId user, UUID id) {
        return jdbc.sql("select file from privacy_export_job where org_id = ? and user_id = ? and id = ? and status = 'DONE'")
                .params(org.value(), user.value(), id).query(byte[].class).optional();
    }

    // for the runner, a documented kernel job: it is handed a job id by the scheduler

    Optional<JobRow> byId(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from privacy_export_job where id = ?").param(id).query(JobRow.class).optional();
    }

    void running(UUID id, int total) {
        jdbc.sql("update privacy_export_job set status = 'RUNNING', progress = 0, total = ? where id = ?").params(total, id).update();
    }

    void progress(UUID id, int progress) {
        jdbc.sql("update privacy_export_job set progress = ? where id = ?").params(progress, id).update();
    }

    void done(UUID id, byte[] file, Instant now) {
        jdbc.sql("update privacy_export_job set status = 'DONE', progress = total, file = ?, finished_at = ? where id = ?")
                .params(file, Timestamp.from(now), id).update();
    }

    void failed(UUID id, String error, Instant now) {
        jdbc.sql("update privacy_export_job set status = 'FAILED', error = ?, finished_at = ? where id = ?")
                .params(error, Timestamp.from(now), id).update();
    }
}
