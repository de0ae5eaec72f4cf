package dev.charter.egress;

/**
 * How a connection to an SMTP server is protected. The password is only ever sent after TLS is up, except with
 * {@link #PLAIN}, which the gateway allows only to addresses the operator put in
 * {@code charter.egress.allowed-private-ranges} (a relay on the same host or network).
 */
public enum SmtpSecurity {
    /** Connect in the clear, then STARTTLS; a server that does not offer STARTTLS is refused (usually port 587). */
    STARTTLS,
    /** TLS from the first byte (SMTPS, usually port 465). */
    TLS,
    /** No TLS at all: only to an address in a range the operator allowed, never to a public address. */
    PLAIN
}
