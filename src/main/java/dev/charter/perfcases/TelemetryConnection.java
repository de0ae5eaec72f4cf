package dev.charter.perfcases;

import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * A telemetry connection: one grant. Holds a reference to its credential in the vault, never the credential.
 *
 * @param credential the vault credential, or null without one and once revoked
 */
public record TelemetryConnection(UUID id, OrgId org, TelemetryKind kind, String label, URI baseUrl, TelemetryAuth auth,
                                  SecretRef credential, MetricGrant grant, DetectionSettings detection, boolean active,
                                  Instant createdAt, Instant revokedAt, Instant lastPassAt) {}
