package dev.charter.vault;

import java.time.Instant;

/**
 * What may be shown about a stored credential: never the credential itself.
 *
 * @param fingerprint a short keyed hash that tells two credentials apart without revealing either
 *                    (the same value for the same credential within one organization)
 * @param lastUsedAt  when the egress gateway last attached it (to the minute: a busy credential is marked at most
 *                    once a minute), or null if never
 */
public record CredentialInfo(SecretRef ref, String label, String kind, String fingerprint, Instant createdAt,
                             Instant lastUsedAt) {}
