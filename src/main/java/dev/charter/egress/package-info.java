/**
 * Egress: the one way out of Charter. Every outbound HTTP request of every module is an
 * {@link dev.charter.egress.EgressRequest} sent through {@link dev.charter.egress.EgressGateway}, which
 * <ol>
 *   <li>checks it against the allowlist its purpose declared ({@link dev.charter.egress.EgressPolicy} beans,
 *       narrowed or tuned by the operator under {@code charter.egress.*}) and denies anything not allowed;</li>
 *   <li>resolves the host once, refuses private, loopback, link-local, multicast and cloud-metadata addresses
 *       (unless the operator allowed a range) and connects to exactly the address it checked;</li>
 *   <li>scans the outbound URL, headers and body for secrets (stored credentials and well-known token formats)
 *       and blocks them or replaces them with a keyed alias;</li>
 *   <li>only then attaches the connection's credential, decrypted by the vault at that moment;</li>
 *   <li>records every decision, allowed or denied, in the audit log without bodies or header values.</li>
 * </ol>
 * Nothing outside this module opens network connections (an ArchUnit rule checks it).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Egress gateway")
package dev.charter.egress;
