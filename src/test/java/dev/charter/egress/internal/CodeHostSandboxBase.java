package dev.charter.egress.internal;


import dev.charter.egress.CodeHostInstallation;
import dev.charter.egress.CodeHostRules;
import dev.charter.egress.Destination;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.ProxySession;
import dev.charter.egress.ProxySessionSpec;
import dev.charter.perfcases.agent.SandboxSettings;
import dev.charter.perfcases.agent.Sandboxes;
import dev.charter.shared.OrgId;
import dev.charter.testing.github.FakeGitHub;
import dev.charter.vault.SecretRef;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandboxed session against the fake GitHub (REST API and a real git smart-HTTP server) through the real egress
 * proxy, gateway, DLP and audit, with the organization's GitHub App behind it: what the code-host tests share.
 */
abstract class CodeHostSandboxBase {

    static final String PURPOSE = "test.agent-session";
    static final OrgId ORG = new OrgId(UUID.randomUUID());

    @TempDir
    static Path tmp;
    static FakeGitHub github;
    static TestGateway parts;
    static UnixSocketProxy proxy;
    static Sandboxes sandboxes;
    static SecretRef appKey;
    static URI api;
    static URI git;

    /** The installation as Perf cases would answer for it: active until its webhook, an admin or a refused mint. */
    static final class Installation implements CodeHostInstallation {
        volatile boolean active = true;
        final List<String> endings = new CopyOnWriteArrayList<>();

        @Override
        public SecretRef appKey() {
            return appKey;
        }

        @Override
        public String appId() {
            return github.appId;
        }

        @Override
        public long installationId() {
            return github.installationId;
        }

        @Override
        public boolean active() {
            return active;
        }

        @Override
        public void ended(String reason) {
            endings.add(reason);
            active = false;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        parts = new TestGateway();
        github = new FakeGitHub(tmp.resolve("github"), parts.clock);
        api = URI.create("http://api.github.test:" + github.apiPort());
        git = URI.create("http://git.github.test:" + github.gitPort());
        // the code host's names stand for the fake on loopback; the gateway resolves them, the sandbox cannot
        parts.resolver = host -> host.endsWith(".github.test") ? List.of(InetAddress.getByName("127.0.0.1"))
                : HostResolver.SYSTEM.resolve(host);
        parts.policy(GitHubAppTokens.policy());
        parts.policy(EgressPolicy.forPurpose(PURPOSE)
                .allow(Destination.https("api.github.test").withSchemes("http").withPorts(github.apiPort())
                        .withMethods("GET", "POST", "PATCH").withPaths("/**"))
                .allow(Destination.https("git.github.test").withSchemes("http").withPorts(github.gitPort())
                        .withMethods("GET", "POST").withPaths("/**"))
                .build());
        appKey = parts.credentials.store(ORG, github.privateKeyPem);
        proxy = new UnixSocketProxy(parts.build(), new EgressAudit(parts.audit::add),
                new OutboundDlp(dev.charter.egress.internal.dlp.DlpScanner.withSecretPatterns(),
                        new dev.charter.egress.internal.dlp.Aliases(parts.aliasKey)),
                parts.credentials, new ServerCredentials(List.of()), parts.clock, tmp.resolve("egress"));
        sandboxes = new Sandboxes(new SandboxSettings(Path.of("/usr/bin/bwrap"), tmp.resolve("sandboxes"), 200000, 10000));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        github.close();
    }

    @BeforeEach
    void reset() {
        github.reinstall();
        github.mints.clear();
        github.requests.clear();
        parts.apps.forgetAll(appKey);
        parts.audit.clear();
    }

    static ProxySession open(String id, Installation installation) {
        return proxy.open(new ProxySessionSpec(ORG, id, PURPOSE, List.of(
                Destination.https("api.github.test").withSchemes("http").withPorts(github.apiPort())
                        .withMethods("GET", "POST", "PATCH").withPaths("/repos/acme/shop", "/repos/acme/shop/**"),
                Destination.https("git.github.test").withSchemes("http").withPorts(github.gitPort())
                        .withMethods("GET", "POST").withPaths("/acme/shop.git/**")),
                Duration.ofMinutes(30), List.of(CodeHostRules.forCase(api, git, "acme", "shop", "42", installation))));
    }

    /** A forwarder inside the sandbox: git speaks to an HTTP proxy on loopback, which is the egress socket; it keeps every byte. */
    static final String FORWARDER = """
            import socket, threading, os
            srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            srv.bind(("127.0.0.1", 3128)); srv.listen(16)
            log = open("/workspace/wire.log", "ab", buffering=0); lock = threading.Lock()
            open("/workspace/ready", "w").close()
            def pipe(a, b):
                try:
                    while True:
                        d = a.recv(65536)
                        if not d: break
                        with lock: log.write(d)
                        b.sendall(d)
                except OSError: pass
                finally:
                    try: b.shutdown(socket.SHUT_WR)
                    except OSError: pass
            def handle(c):
                u = socket.socket(socket.AF_UNIX); u.connect(os.environ["CHARTER_EGRESS_SOCKET"])
                t = threading.Thread(target=pipe, args=(u, c)); t.start(); pipe(c, u); t.join(); c.close(); u.close()
            while True:
                c, _ = srv.accept(); threading.Thread(target=handle, args=(c,), daemon=True).start()
            """;

    static String get(ProxySession s, String path) throws IOException {
        return SessionProxyTest.send(s.socket(), "GET " + api + path + " HTTP/1.1\r\nHost: api.github.test\r\n"
                + "Proxy-Authorization: Bearer " + s.token().value() + "\r\nConnection: close\r\n\r\n");
    }

    /** The App's private key (its PEM body and each of its lines) and every token minted so far. */
    static List<String> secrets() {
        List<String> out = new ArrayList<>(github.mintedTokens());
        String body = github.privateKeyPem.replaceAll("-----[A-Z ]+-----", "");
        out.add(body.replaceAll("\\s", ""));
        body.lines().filter(l -> l.length() >= 40).forEach(out::add);
        return out;
    }
}
