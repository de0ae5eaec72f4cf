/**
 * Connections: each is one grant to one external service, owned by an organization (PRF-9). A connection
 * names its service (base URL), how its credential is attached, the scopes it was granted and its status;
 * the credential itself is in the vault and only the egress gateway ever decrypts it. Nothing is connected by
 * default, and revoking a connection deletes its credential in the same transaction.
 *
 * <p>Other modules read connections through {@link dev.charter.connectors.Connections} and send requests
 * with {@link dev.charter.connectors.Connection#credentialUse()} attached to an egress request.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Connections")
package dev.charter.connectors;
