package dev.charter.perfcases;

import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.time.Instant;
import java.util.UUID;

/**
 * A log source: one grant. Holds a reference to its credential in the vault, never the credential.
 *
 * @param address    {@code postgresql://host:port/database} for SQL, the Loki base URL for LOKI
 * @param credential the vault credential, or null without one and once revoked
 */
public record LogSource(UUID id, OrgId org, LogSourceKind kind, String label, String address, TelemetryAuth auth,
                        SecretRef credential, LogGrant grant, boolean active, Instant createdAt, Instant revokedAt) {}
