package dev.charter.reviews;

import dev.charter.connectors.ConnectionFixtures;
import dev.charter.connectors.ConnectionId;
import dev.charter.testing.OwnedObjects;
import dev.charter.testing.Tenant;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A sync of one organization, for the ownership test's walk over every route. */
public class ReviewsSyncOwnedObjects implements OwnedObjects {

    @Override
    public Map<String, String> create(Tenant owner, ApplicationContext context) {
        ConnectionId connection = ConnectionFixtures.create(context, owner);
        UUID sync = UUID.randomUUID();
        // a sync is made by scheduling a scope of a connected tool; written here directly, as the service writes it
        context.getBean(JdbcClient.class).sql("""
                insert into reviews_sync_cursor (org_id, connection_id, scope, signals, updated_at, id)
                values (?, ?, 'acme/api', 0, now(), ?)""")
                .params(owner.org().value(), connection.value(), sync).update();
        return Map.of("syncId", sync.toString());
    }
}
