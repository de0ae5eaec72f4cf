package dev.charter.storage;

import java.util.Optional;

/**
 * For tests that play an attacker who can read the data folder: the superuser's password of the embedded server
 * this JVM started, when the target is on it. Charter itself uses the superuser only to create its roles.
 */
public final class EmbeddedSuperuser {

    private EmbeddedSuperuser() {}

    /** The superuser's name and password, or empty when the target is not an embedded server of this JVM. */
    public static Optional<String[]> login(DatabaseTarget target) {
        String url = target.url();
        String prefix = "jdbc:postgresql://127.0.0.1:";
        if (!url.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = url.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        int port;
        try {
            port = Integer.parseInt(rest.substring(0, slash));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String password = EmbeddedPostgresServer.superuserPassword(port);
        return password == null ? Optional.empty() : Optional.of(new String[] {EmbeddedPostgresServer.SUPERUSER, password});
    }
}
