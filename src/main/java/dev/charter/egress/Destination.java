package dev.charter.egress;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One allowlist entry of an {@link EgressPolicy}: which schemes, host, ports, methods and paths a purpose may
 * reach. Everything not listed is denied.
 *
 * @param schemes  {@code https} and/or {@code http}; or, for mail, {@code smtp} and/or {@code smtps} (implicit TLS)
 * @param host     an exact host name or IP literal ({@code api.example.com}), a suffix pattern
 *                 ({@code *.example.com}: any name below example.com, not example.com itself), {@link #ANY_HOST}
 *                 for purposes whose destinations users choose (the address check still applies), or
 *                 {@link #CONNECTION_HOST}: the host of the connection whose credential the request carries
 * @param ports    allowed ports; empty means the scheme's default port (443, 80) only. With
 *                 {@link #CONNECTION_HOST} the port is the connection's own, and a non-empty set narrows it further
 * @param methods  allowed HTTP methods, upper case ({@link #SMTP_METHOD} for mail)
 * @param paths    path patterns: {@code *} matches within one segment, {@code **} across segments
 *                 ({@code /v1/**})
 */
public record Destination(Set<String> schemes, String host, Set<Integer> ports, Set<String> methods, List<String> paths) {

    /** Any host name: for purposes whose destinations users choose, such as a workflow's HTTP step. */
    public static final String ANY_HOST = "*";
    /** The host of the connection whose credential the request carries (from its base URL). */
    public static final String CONNECTION_HOST = "{connection}";
    /** The one "method" of an SMTP destination: a session that logs in and, for sending, hands over one message. */
    public static final String SMTP_METHOD = "SMTP";
    /** The ports SMTP servers listen on for clients: 25 (relay), 465 (TLS) and 587 (submission, STARTTLS). */
    public static final Set<Integer> SMTP_PORTS = Set.of(25, 465, 587);
    /** The one "method" of an IMAP destination: a session that logs in and reads one folder. */
    public static final String IMAP_METHOD = "IMAP";
    /** The ports IMAP servers listen on for clients: 143 (STARTTLS) and 993 (TLS). */
    public static final Set<Integer> IMAP_PORTS = Set.of(143, 993);
    /** The one "method" of a database destination: a read-only session that runs one query. */
    public static final String DATABASE_METHOD = "SELECT";

    public Destination {
        Objects.requireNonNull(host, "host");
        host = host.toLowerCase(Locale.ROOT);
        schemes = schemes.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        ports = Set.copyOf(ports);
        paths = List.copyOf(paths);
        if (schemes.isEmpty() || !(Set.of("http", "https").containsAll(schemes) || Set.of("smtp", "smtps").containsAll(schemes)
                || Set.of("imap", "imaps").containsAll(schemes) || Set.of("postgresql").equals(schemes))) {
            throw new IllegalArgumentException("a destination allows the schemes http and/or https, smtp and/or smtps, imap and/or imaps, or postgresql, not "
                    + schemes);
        }
        if (methods.isEmpty() || paths.isEmpty()) {
            throw new IllegalArgumentException("a destination names at least one method and one path pattern");
        }
        boolean validWildcard = host.equals(ANY_HOST) || (host.startsWith("*.") && host.length() > 2 && !host.substring(2).contains("*"));
        if (host.contains("*") && !validWildcard) {
            throw new IllegalArgumentException("host pattern '" + host + "' must be exact, '*.suffix' or '*'");
        }
        for (String p : paths) {
            if (!p.startsWith("/")) {
                throw new IllegalArgumentException("path pattern '" + p + "' must start with /");
            }
        }
    }

    /** HTTPS to {@code host} on port 443, GET on any path; narrow or widen with the {@code with…} methods. */
    public static Destination https(String host) {
        return new Destination(Set.of("https"), host, Set.of(), Set.of("GET"), List.of("/**"));
    }

    /** The connection's own base URL (scheme, host and port from it), GET on any path below its base path. */
    public static Destination connection() {
        return new Destination(Set.of("https", "http"), CONNECTION_HOST, Set.of(), Set.of("GET"), List.of("/**"));
    }

    /**
     * The SMTP server of the connection whose credential the session carries, on the usual SMTP ports
     * ({@link #SMTP_PORTS}); an operator can add others with {@code extra-destinations: smtp://host:port}.
     */
    public static Destination smtp() {
        return new Destination(Set.of("smtp", "smtps"), CONNECTION_HOST, SMTP_PORTS, Set.of(SMTP_METHOD), List.of("/**"));
    }

    /**
     * The IMAP server of the connection whose credential the session carries, on the usual IMAP ports
     * ({@link #IMAP_PORTS}); an operator can add others with {@code extra-destinations: imap://host:port}.
     */
    public static Destination imap() {
        return new Destination(Set.of("imap", "imaps"), CONNECTION_HOST, IMAP_PORTS, Set.of(IMAP_METHOD), List.of("/**"));
    }

    /**
     * The PostgreSQL server and database of the connection whose credential the session carries (its host, port and
     * database name), for read-only queries ({@link #DATABASE_METHOD}).
     */
    public static Destination postgresql() {
        return new Destination(Set.of("postgresql"), CONNECTION_HOST, Set.of(), Set.of(DATABASE_METHOD), List.of("/**"));
    }

    public Destination withMethods(String... methods) {
        return new Destination(schemes, host, ports, Set.of(methods), paths);
    }

    public Destination withPaths(String... paths) {
        return new Destination(schemes, host, ports, methods, List.of(paths));
    }

    public Destination withPorts(Integer... ports) {
        return new Destination(schemes, host, Set.of(ports), methods, paths);
    }

    public Destination withSchemes(String... schemes) {
        return new Destination(Set.of(schemes), host, ports, methods, paths);
    }

    @Override
    public String toString() {
        return schemes.stream().sorted().collect(Collectors.joining("|")) + "://" + host
                + (ports.isEmpty() ? "" : ":" + ports) + " " + methods.stream().sorted().toList() + " " + paths;
    }
}
