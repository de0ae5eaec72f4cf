package dev.charter.connectors;

import dev.charter.shared.UserId;

/**
 * Checks a connection live, through the egress gateway, with its credential attached by the gateway: a GET of
 * an HTTP API's verify path, a test message to a webhook.
 */
public interface ConnectionProbe {

    /** @param actor who asked, for the audit log */
    Result probe(Connection connection, String verifyPath, UserId actor);

    /** @param detail what happened, in words an admin can act on; never a credential */
    record Result(boolean ok, String detail) {}
}
