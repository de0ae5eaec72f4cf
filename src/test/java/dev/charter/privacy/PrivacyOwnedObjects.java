package dev.charter.privacy;

import dev.charter.testing.OwnedObjects;
import dev.charter.testing.Tenant;
import java.util.Map;
import org.springframework.context.ApplicationContext;

/** Privacy's objects for the ownership test: an export and an active consent. */
public class PrivacyOwnedObjects implements OwnedObjects {

    @Override
    public Map<String, String> create(Tenant owner, ApplicationContext context) {
        String exportId = owner.api().postJson("/api/v1/privacy/exports", Map.of()).json().get("id").asString();
        owner.api().postJson("/api/v1/privacy/consents", Map.of("processing", "ownership-probe", "text", "I agree."));
        return Map.of("exportId", exportId, "processing", "ownership-probe");
    }
}
