package dev.charter.storage;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPS-2: the JDBC URL of an external database, made to require TLS with the server's certificate and
 * host name verified ({@code sslmode=verify-full} against a configured root certificate). A URL that
 * asks for less, or names a factory that skips verification, stops the start with a message that says
 * what to set, unless the operator allowed it explicitly ({@code CHARTER_DATABASE_TLS_ALLOW_PLAINTEXT}),
 * in which case every start warns. See docs/operations-database.md.
 */
final class DatabaseTls {

    private static final Logger log = LoggerFactory.getLogger(DatabaseTls.class);

    /** pgjdbc's SSL factories that accept any certificate. */
    private static final Set<String> NON_VERIFYING_FACTORIES = Set.of(
            "org.postgresql.ssl.nonvalidatingfactory", "org.postgresql.ssl.defaultjavasslfactory");

    private DatabaseTls() {}

    /** The URL to connect with; throws {@link IllegalStateException} when the URL asks for less than verified TLS. */
    static String secure(String url, DatabaseTlsSettings tls) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        Map<String, String> params = parse(q < 0 ? "" : url.substring(q + 1));
        String mode = params.get("sslmode");
        String ssl = params.get("ssl");
        String factory = params.get("sslfactory");
        boolean weak = (mode != null && !mode.equalsIgnoreCase("verify-full"))
                || "false".equalsIgnoreCase(ssl)
                || (factory != null && NON_VERIFYING_FACTORIES.contains(factory.toLowerCase(Locale.ROOT)));
        if (weak) {
            if (!tls.allowPlaintext()) {
                throw new IllegalStateException("CHARTER_DATABASE_URL asks for "
                        + (factory != null ? "sslfactory=" + factory : mode != null ? "sslmode=" + mode : "ssl=" + ssl)
                        + ", which does not verify the database server's certificate and host name. Remove it (Charter "
                        + "connects with sslmode=verify-full) and set CHARTER_DATABASE_TLS_ROOT_CERT to the CA certificate "
                        + "of the server, or, for a database on this host or a private test network only, set "
                        + "CHARTER_DATABASE_TLS_ALLOW_PLAINTEXT=true.");
            }
            log.warn("The connection to the database is not verified TLS ({}): CHARTER_DATABASE_TLS_ALLOW_PLAINTEXT allows it. "
                    + "Anyone on the network path can read or change what Charter stores.",
                    mode != null ? "sslmode=" + mode : factory != null ? "sslfactory=" + factory : "ssl=" + ssl);
            return url;
        }
        params.put("sslmode", "verify-full");
        if (tls.rootCert() != null && !tls.rootCert().isBlank()) {
            Path cert = Path.of(tls.rootCert());
            if (!Files.isReadable(cert)) {
                throw new IllegalStateException("CHARTER_DATABASE_TLS_ROOT_CERT names " + cert
                        + ", which is not a readable file. Point it at the PEM certificate of the CA that signed the "
                        + "database server's certificate.");
            }
            params.put("sslrootcert", cert.toAbsolutePath().toString());
        } else if (!params.containsKey("sslrootcert")) {
            Path fallback = Path.of(System.getProperty("user.home"), ".postgresql", "root.crt");
            if (!Files.isReadable(fallback)) {
                if (tls.allowPlaintext()) {
                    log.warn("No root certificate for the database (CHARTER_DATABASE_TLS_ROOT_CERT): the connection will "
                            + "fail unless the server's certificate verifies some other way.");
                } else {
                    throw new IllegalStateException("Charter connects to CHARTER_DATABASE_URL only over TLS with the server's "
                            + "certificate verified. Set CHARTER_DATABASE_TLS_ROOT_CERT to the PEM certificate of the CA "
                            + "that signed it (or, for a database on this host or a private test network only, set "
                            + "CHARTER_DATABASE_TLS_ALLOW_PLAINTEXT=true).");
                }
            }
        }
        return base + "?" + params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(k, v);
        }
        return params;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
