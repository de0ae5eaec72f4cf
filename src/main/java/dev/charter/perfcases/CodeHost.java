package dev.charter.perfcases;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * An organization's GitHub App installation, through which agent sessions reach the repositories the organization
 * selected (PRF-13). The App's private key and the webhook secret are in the vault; this holds neither.
 *
 * @param apiBase        the REST and GraphQL base ({@code https://api.github.com}, or GitHub Enterprise's {@code /api/v3})
 * @param gitBase        where repositories are cloned from ({@code https://github.com})
 * @param account        the account the App is installed on: sessions work on its repositories only
 * @param status         ACTIVE, or REMOVED (its webhook, an admin, or a token GitHub refused); removed is for good
 */
public record CodeHost(UUID id, String label, URI apiBase, URI gitBase, String appId, long installationId, String account,
                       String status, String endedReason, Instant createdAt, Instant endedAt) {

    public boolean active() {
        return "ACTIVE".equals(status);
    }
}
