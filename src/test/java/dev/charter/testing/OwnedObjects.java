package dev.charter.testing;

import java.util.Map;
import org.springframework.context.ApplicationContext;

/**
 * Creates objects owned by one organization and names them by the path variable that routes use
 * for them ({@code tokenId}, {@code connectionId}, …). Every module that adds routes with an object
 * id adds an implementation in its test package; {@code EveryRouteChecksOwnershipTest} finds them all
 * and fails for a route whose path variable no fixture provides.
 */
public interface OwnedObjects {

    /** Path variable name → id of an object owned by {@code owner}'s organization. */
    Map<String, String> create(Tenant owner, ApplicationContext context);
}
