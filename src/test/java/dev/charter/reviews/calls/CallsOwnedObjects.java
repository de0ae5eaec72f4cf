package dev.charter.reviews.calls;

import dev.charter.testing.OwnedObjects;
import dev.charter.testing.Tenant;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An analysed call of one organization, for the ownership test's walk over every route. */
public class CallsOwnedObjects implements OwnedObjects {

    @Override
    public Map<String, String> create(Tenant owner, ApplicationContext context) {
        UUID call = UUID.randomUUID();
        // a call arrives by a provider's webhook; written here directly, as the ingestion writes it
        context.getBean(JdbcClient.class).sql("""
                insert into reviews_calls_call (org_id, id, provider, external_id, reviewee_id, status, received_at)
                values (?, ?, 'ZOOM', ?, ?, 'ANALYSED', now())""")
                .params(owner.org().value(), call, "owned-" + call, owner.user().value()).update();
        return Map.of("callId", call.toString());
    }
}
