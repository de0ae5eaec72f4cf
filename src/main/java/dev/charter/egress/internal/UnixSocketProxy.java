package dev.charter.egress.internal;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.DlpAction;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.egress.Header;
import dev.charter.egress.ProxiedRequest;
import dev.charter.egress.ProxyRule;
import dev.charter.egress.ProxySession;
import dev.charter.egress.ProxySessionSpec;
import dev.charter.egress.SessionProxy;
import dev.charter.egress.SessionToken;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SessionProxy} on Unix sockets. For each request, in this order: the session token (present, this
 * session's, not expired), no {@code CONNECT}, an absolute http(s) URI, no credential headers from the session, the
 * session's grants through a {@link PolicyEngine} of their own, the session's rules; then the request goes through
 * the {@link EgressGateway} under the session's purpose, which checks it again with the operator's policies,
 * resolves and checks the address, runs DLP, audits and makes the TLS connection. Refusals here are audited as
 * {@code egress.request.denied} with {@code via=session-proxy}.
 */
final class UnixSocketProxy implements SessionProxy, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UnixSocketProxy.class);
    /** Largest request body a session may send (a git push of a case branch fits). */
    static final long MAX_BODY = 32L << 20;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "content-length", "host", "expect", "proxy-authorization",
            "proxy-authenticate");

    private record Open(ProxySessionSpec spec, Path dir, Path socket, byte[] tokenHash, Instant expiresAt,
                        ServerSocketChannel server, PolicyEngine grants, Set<SocketChannel> connections) {}

    private record Reply(int status, String reason, List<Header> headers, byte[] body) {}

    private final EgressGateway gateway;
    private final EgressAudit audit;
    private final OutboundDlp dlp;
    private final CredentialAccess credentials;
    private final ServerCredentials servers;
    private final Clock clock;
    private final Path root;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Open> sessions = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "egress-session-proxy");
        t.setDaemon(true);
        return t;
    });

    UnixSocketProxy(EgressGateway gateway, EgressAudit audit, OutboundDlp dlp, CredentialAccess credentials,
                    ServerCredentials servers, Clock clock, Path root) {
        this.gateway = gateway;
        this.audit = audit;
        this.dlp = dlp;
        this.credentials = credentials;
        this.servers = servers;
        this.clock = clock;
        this.root = root;
    }

    @Override
    public ProxySession open(ProxySessionSpec spec) {
        if (sessions.containsKey(spec.sessionId())) {
            throw new IllegalStateException("session " + spec.sessionId() + " already has an egress socket");
        }
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            byte[] name = new byte[9];
            random.nextBytes(name);
            Path dir = Files.createDirectory(root.resolve(Base64.getUrlEncoder().withoutPadding().encodeToString(name)
                    .replace('-', 'a').replace('_', 'b')));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Path socket = dir.resolve("egress.sock");
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            // anyone who can reach the socket may connect; the token decides (the folder's name is not listable)
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            String token = "cst_" + spec.sessionId() + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            EgressPolicy own = new EgressPolicy(spec.purpose(), spec.grants(), EgressPolicy.Limits.DEFAULT, DlpAction.BLOCK);
            PolicyEngine grants = new PolicyEngine(Map.of(spec.purpose(), new PolicyEngine.Effective(own, true, List.of())),
                    List.of(), new AddressGuard(List.of()));
            Instant expires = clock.instant().plus(spec.ttl());
            Open o = new Open(spec, dir, socket, sha256(token), expires, server, grants, ConcurrentHashMap.newKeySet());
            sessions.put(spec.sessionId(), o);
            workers.execute(() -> accept(o));
            return new ProxySession(spec.sessionId(), socket, new SessionToken(token), expires);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the session's egress socket under " + root, e);
        }
    }

    @Override
    public void close(String sessionId) {
        Open o = sessions.remove(sessionId);
        if (o == null) {
            return;
        }
        try {
            o.server().close();
        } catch (IOException e) {
            log.debug("Closing the egress socket of session {}: {}", sessionId, e.getMessage());
        }
        for (SocketChannel c : o.connections()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // the connection is gone either way
            }
        }
        try {
            Files.deleteIfExists(o.socket());
            Files.deleteIfExists(o.dir());
        } catch (IOException e) {
            log.warn("Could not delete the egress socket of session {}: {}", sessionId, e.getMessage());
        }
    }

    @Override
    public boolean isOpen(String sessionId) {
        return sessions.containsKey(sessionId);
    }

    @Override
    public void close() {
        List.copyOf(sessions.keySet()).forEach(this::close);
        workers.shutdownNow();
    }

    private void accept(Open o) {
        while (o.server().isOpen()) {
            try {
                SocketChannel c = o.server().accept();
                o.connections().add(c);
                workers.execute(() -> serve(o, c));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Open o, SocketChannel c) {
        try (c) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(c), 16 * 1024);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(c), 16 * 1024);
            while (c.isOpen() && sessions.get(o.spec().sessionId()) == o) {
                ProxyWire.Request r;
                try {
                    r = ProxyWire.read(in, out, MAX_BODY);
                } catch (ProxyWire.BadRequest e) {
                    refuse(o, null, e.getMessage());
                    ProxyWire.problem(out, e.status, "Bad request", e.getMessage(), List.of(), false);
                    return;
                }
                if (r == null) {
                    return;
                }
                Reply reply = handle(o, r);
                // a refusal ends the connection: a refused CONNECT may be followed by tunnel bytes, and a session
                // that was refused gets nothing more on this connection
                boolean keep = r.keepAlive() && reply.status() < 400;
                ProxyWire.write(out, reply.status(), reply.reason(), reply.headers(), reply.body(), keep);
                if (!keep) {
                    return;
                }
            }
        } catch (IOException e) {
            log.debug("Session {} connection ended: {}", o.spec().sessionId(), e.getMessage());
        } finally {
            o.connections().remove(c);
        }
    }

    private Reply handle(Open o, ProxyWire.Request r) {
        ProxySessionSpec spec = o.spec();
        String auth = r.header("Proxy-Authorization");
        String presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        // origin-form with a Host header (what curl --unix-socket sends) names the same absolute http URI
        URI asked = r.target().startsWith("/") && r.header("Host") != null
                ? parse("http://" + r.header("Host") + r.target()) : parse(r.target());
        if (presented == null) {
            return refused(o, r, asked, 407, "the request carries no session token (Proxy-Authorization: Bearer <token>)");
        }
        if (!MessageDigest.isEqual(sha256(presented), o.tokenHash())) {
            return refused(o, r, asked, 407, "the session token is not this session's");
        }
        if (!clock.instant().isBefore(o.expiresAt())) {
            return refused(o, r, asked, 407, "the session token expired at " + o.expiresAt());
        }
        if (r.method().equals("CONNECT")) {
            return refused(o, r, asked, 405, "CONNECT is refused: a tunnel cannot be inspected; send plain HTTP with"
                    + " an absolute URI and the gateway makes the TLS connection");
        }
        if (asked == null || asked.getHost() == null || asked.getRawUserInfo() != null
                || !Set.of("http", "https").contains(asked.getScheme().toLowerCase(Locale.ROOT))) {
            return refused(o, r, asked, 400, "the request target must be an absolute http:// URI without user info");
        }
        for (Header h : r.headers()) {
            String n = h.name().toLowerCase(Locale.ROOT);
            if (n.equals("authorization") || n.equals("cookie")) {
                return refused(o, r, asked, 403, "the session holds no credentials: header " + h.name()
                        + " is refused; the gateway attaches what the session's grants allow");
            }
        }
        URI url = null;
        String reason = null;
        for (String scheme : asked.getScheme().equalsIgnoreCase("https") ? List.of("https") : List.of("https", "http")) {
            URI candidate = withScheme(asked, scheme);
            Target t;
            try {
                t = RequestShape.target(spec.purpose(), candidate, r.method(), null);
            } catch (IllegalArgumentException e) {
                reason = e.getMessage();
                continue;
            }
            PolicyDecision d = o.grants().precheck(t);
            if (d.allowed()) {
                url = candidate;
                break;
            }
            reason = "the session's grants refuse it: " + d.reason();
        }
        if (url == null) {
            return refused(o, r, asked, 403, reason);
        }
        byte[] body = r.body();
        String encoding = r.header("Content-Encoding");
        if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
            if (!encoding.equalsIgnoreCase("gzip")) {
                return refused(o, r, url, 415, "only gzip request bodies are understood (they are checked unpacked)");
            }
            try (java.util.zip.GZIPInputStream z = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                body = z.readNBytes((int) MAX_BODY + 1);
            } catch (IOException e) {
                return refused(o, r, url, 400, "the gzip body does not unpack");
            }
            if (body.length > MAX_BODY) {
                return refused(o, r, url, 413, "the unpacked body is larger than " + MAX_BODY + " bytes");
            }
        }
        List<Header> forwarded = new ArrayList<>();
        for (Header h : r.headers()) {
            String n = h.name().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(n) && !n.startsWith("proxy-") && !RequestShape.RESERVED.contains(n)) {
                forwarded.add(h);
            }
        }
        ProxiedRequest pr = new ProxiedRequest(spec.sessionId(), r.method(), url, forwarded, body);
        for (ProxyRule rule : spec.rules()) {
            String why = rule.refusal(pr);
            if (why != null) {
                return refused(o, r, url, 403, why);
            }
        }
        CredentialUse credential = null;
        for (ProxyRule rule : spec.rules()) {
            credential = rule.credentialFor(pr);
            if (credential != null) {
                break;
            }
        }
        EgressRequest outbound = new EgressRequest(spec.purpose(), spec.org(), null, r.method(), url, forwarded,
                body, credential);
        try {
            EgressResponse answer = gateway.send(outbound);
            for (ProxyRule rule : spec.rules()) {
                rule.answered(pr, answer.status(), answer.body());
            }
            List<Header> headers = new ArrayList<>();
            answer.headers().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("set-cookie")) {
                    values.forEach(v -> headers.add(new Header(name, v)));
                }
            });
            return new Reply(answer.status(), answer.status() < 400 ? "OK" : "Upstream error", headers, answer.body());
        } catch (EgressDeniedException e) {
            return problem(403, "Refused by the egress gateway", e.reason()); // the gateway audited it
        } catch (EgressFailedException e) {
            if (e.credentialRefused()) {
                for (ProxyRule rule : spec.rules()) {
                    rule.credentialRefused(pr, e.getMessage());
                }
                return refused(o, r, url, 403, e.getMessage());
            }
            return problem(502, "Bad gateway", e.getMessage());
        }
    }

    private Reply refused(Open o, ProxyWire.Request r, URI url, int status, String reason) {
        refuse(o, r == null ? null : new Object[] {r.method(), url}, reason);
        return problem(status, status == 407 ? "Proxy authentication required" : status == 405 ? "Method not allowed"
                : status == 400 ? "Bad request" : status == 413 ? "Payload too large"
                : status == 415 ? "Unsupported media type" : "Refused by the session's egress rules", reason,
                status == 407 ? List.of(new Header("Proxy-Authenticate", "Bearer realm=\"charter-session\"")) : List.of());
    }

    private void refuse(Open o, Object[] methodAndUrl, String reason) {
        String method = methodAndUrl == null ? null : (String) methodAndUrl[0];
        URI u = methodAndUrl == null ? null : (URI) methodAndUrl[1];
        EgressAudit.Facts f;
        if (u != null && u.getHost() != null && u.getScheme() != null) {
            String target = RequestShape.requestTarget(u);
            String path = OutboundDlp.redactedPath(target,
                    dlp.scanUrl(target, servers.with(credentials.fingerprints(o.spec().org())), null));
            f = new EgressAudit.Facts(0, u.getScheme().toLowerCase(Locale.ROOT), PolicyEngine.normalizeHost(u.getHost()),
                    PolicyEngine.effectivePort(u), method, path, u.getRawQuery() != null);
        } else {
            f = new EgressAudit.Facts(0, null, null, null, method, null, false);
        }
        audit.proxyDenied(o.spec().purpose(), o.spec().org(), f, reason, o.spec().sessionId());
        log.info("Session proxy refused a request of session {}: {}", o.spec().sessionId(), reason);
    }

    private static Reply problem(int status, String title, String detail) {
        String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":"
                + quote(detail) + "}";
        return new Reply(status, title, List.of(new Header("Content-Type", "application/problem+json")),
                json.getBytes(StandardCharsets.UTF_8));
    }

    private Reply problem(int status, String title, String detail, List<Header> extra) {
        Reply p = problem(status, title, detail);
        List<Header> h = new ArrayList<>(extra);
        h.addAll(p.headers());
        return new Reply(p.status(), p.reason(), h, p.body());
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static URI parse(String target) {
        try {
            URI u = new URI(target);
            return u.isAbsolute() ? u : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static URI withScheme(URI u, String scheme) {
        String p = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return URI.create(scheme + "://" + u.getRawAuthority() + p + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
