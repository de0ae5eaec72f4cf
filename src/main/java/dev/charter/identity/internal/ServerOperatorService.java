package dev.charter.identity.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.ServerOperators;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.UserId;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link ServerOperators} over {@code identity_server_operator}. A server-level table (no organization): the
 * operator role belongs to the server, not to a tenant; what it may see in a tenant is decided by that tenant's
 * support grants.
 */
@Service
class ServerOperatorService implements ServerOperators {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    ServerOperatorService(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean isOperator(UserId user) {
        return user != null && jdbc.sql("select count(*) from identity_server_operator where user_id = ?")
                .param(user.value()).query(Integer.class).single() > 0;
    }

    @Override
    public Optional<Operator> byEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select u.id, u.email, u.display_name from identity_server_operator o join identity_user u on u.id = o.user_id
                where lower(u.email) = lower(?)""")
                .param(email.strip()).query((rs, i) -> new Operator(new UserId(rs.getObject("id", UUID.class)),
                        rs.getString("email"), rs.getString("display_name"))).optional();
    }

    @Override
    public List<Operator> list() {
        return jdbc.sql("""
                select u.id, u.email, u.display_name from identity_server_operator o join identity_user u on u.id = o.user_id
                order by lower(u.email)""")
                .query((rs, i) -> new Operator(new UserId(rs.getObject("id", UUID.class)), rs.getString("email"),
                        rs.getString("display_name"))).list();
    }

    @Override
    @Transactional
    public boolean add(String email) {
        UUID user = account(email);
        boolean added = jdbc.sql("insert into identity_server_operator (user_id, added_at) values (?, ?) on conflict do nothing")
                .params(user, Timestamp.from(clock.instant())).update() == 1;
        if (added) {
            audit.record(new AuditEvent(null, null, user, "identity.operator.added", null, java.util.Map.of("by", "operator")));
        }
        return added;
    }

    @Override
    @Transactional
    public boolean remove(String email) {
        UUID user = account(email);
        boolean removed = jdbc.sql("delete from identity_server_operator where user_id = ?").param(user).update() == 1;
        if (removed) {
            audit.record(new AuditEvent(null, null, user, "identity.operator.removed", null, java.util.Map.of("by", "operator")));
        }
        return removed;
    }

    private UUID account(String email) {
        return jdbc.sql("select id from identity_user where lower(email) = lower(?)").param(email == null ? "" : email.strip())
                .query(UUID.class).optional().orElseThrow(() -> new NotFoundException("Account"));
    }
}
