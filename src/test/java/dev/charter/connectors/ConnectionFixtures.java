package dev.charter.connectors;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.Role;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.testing.OwnedObjects;
import dev.charter.testing.Tenant;
import dev.charter.vault.SecretValue;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContext;

/**
 * Connections for tests: {@link #create} makes one through the façade for a given organization (as its
 * admin {@code admin}) and answers its id. Also the connections module's {@link OwnedObjects} for the route
 * ownership test.
 */
public class ConnectionFixtures implements OwnedObjects {

    /** Creates an unverified bearer-token HTTP API connection for {@code org}, made by its admin {@code admin}. */
    public static ConnectionId create(Connections connections, OrgId org, UserId admin) {
        return create(connections, org, admin, "fixture-token-" + UUID.randomUUID());
    }

    public static ConnectionId create(Connections connections, OrgId org, UserId admin, String token) {
        CurrentUser me = new CurrentUser(admin, org, Role.OWNER, "fixture@example.test", null, null, null);
        NewConnection request = new NewConnection(ConnectionKind.HTTP_API, "Fixture API", "https://api.example.test/v1",
                AuthScheme.BEARER, null, null, SecretValue.of(token), null, null, null, List.of("read"), null);
        return connections.create(me, request, false).id();
    }

    /** Same, from a test's application context and tenant. */
    public static ConnectionId create(ApplicationContext context, Tenant owner) {
        return create(context.getBean(Connections.class), owner.org(), owner.user());
    }

    @Override
    public Map<String, String> create(Tenant owner, ApplicationContext context) {
        return Map.of("connectionId", create(context, owner).value().toString());
    }
}
