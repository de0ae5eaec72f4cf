package dev.charter.egress;

/**
 * How a connection to an IMAP server is protected. The password is only ever sent after TLS is up, except with
 * {@link #PLAIN}, which the gateway allows only to addresses the operator put in
 * {@code charter.egress.allowed-private-ranges}.
 */
public enum ImapSecurity {
    /** Connect in the clear, then STARTTLS; a server that does not offer it is refused (usually port 143). */
    STARTTLS,
    /** TLS from the first byte (IMAPS, usually port 993). */
    TLS,
    /** No TLS at all: only to an address in a range the operator allowed, never to a public address. */
    PLAIN
}
