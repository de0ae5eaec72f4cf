package dev.charter.identity.web;

import dev.charter.identity.Role;
import dev.charter.identity.internal.Accounts;
import java.time.Instant;
import java.util.UUID;

/** An account as the API shows it: what ACC-6 allows us to hold, and nothing secret. */
record AccountView(UUID id, String email, String displayName, String phone, String company,
                   UUID organizationId, String organization, Role role, Instant createdAt) {

    static AccountView of(Accounts.Account a) {
        return new AccountView(a.id().value(), a.email(), a.displayName(), a.phone(), a.company(), a.org().value(),
                a.organization(), a.role(), a.createdAt());
    }
}
