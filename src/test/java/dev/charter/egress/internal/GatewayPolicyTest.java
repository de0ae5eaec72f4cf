package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.egress.Destination;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.shared.OrgId;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EGR-2 end to end through the gateway: allowlists, address checks after DNS, rebinding, redirects. */
class GatewayPolicyTest {

    static final OrgId ORG = OrgId.random();
    private final LocalServer server = new LocalServer();
    private final TestGateway t = new TestGateway();
    /** Any host on the default ports and the local server's, http or https. */
    private final EgressPolicy ANY_HTTP = EgressPolicy.forPurpose("test.any")
            .allow(Destination.https(Destination.ANY_HOST).withSchemes("http", "https").withPorts(80, 443, server.port())
                    .withMethods("GET", "POST"))
            .build();

    @AfterEach
    void stop() {
        server.close();
    }

    /** Policy for the local server: http to 127.0.0.1 and the test names on its port. */
    private EgressPolicy local(String purpose, String... methods) {
        EgressPolicy.Builder b = EgressPolicy.forPurpose(purpose);
        for (String host : List.of("127.0.0.1", "service.test", "other.test", "rebind.test")) {
            b.allow(Destination.https(host).withSchemes("http").withPorts(server.port()).withMethods(methods));
        }
        return b.build();
    }

    private EgressRequest get(String purpose, String url) {
        return EgressRequest.builder(purpose, ORG).get(url).build();
    }

    @Test
    @Tag("claim:EGR-2")
    void aPurposeWithoutPolicyReachesNothing() {
        t.policy(local("test.local", "GET"));
        assertThatThrownBy(() -> t.build().send(get("test.undeclared", server.url("/x"))))
                .isInstanceOf(EgressDeniedException.class).hasMessageContaining("no egress policy");
        assertThat(server.received).isEmpty();
    }

    @Test
    @Tag("claim:EGR-2")
    void theAllowlistDecidesMethodHostAndPath() {
        t.policy(EgressPolicy.forPurpose("test.narrow").allow(Destination.https("127.0.0.1").withSchemes("http")
                .withPorts(server.port()).withMethods("GET").withPaths("/allowed/**")).build());
        DefaultEgressGateway g = t.build();
        assertThat(g.send(get("test.narrow", server.url("/allowed/a"))).status()).isEqualTo(200);
        assertThatThrownBy(() -> g.send(get("test.narrow", server.url("/other")))).hasMessageContaining("path is not allowed");
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.narrow", ORG).post(server.url("/allowed/a"), new byte[1]).build()))
                .hasMessageContaining("method POST");
        assertThatThrownBy(() -> g.send(get("test.narrow", "http://127.0.0.1:" + (server.port() + 1) + "/allowed/a")))
                .hasMessageContaining("port");
        assertThat(server.received).extracting(LocalServer.Received::path).containsExactly("/allowed/a");
    }

    @Test
    @Tag("claim:EGR-2")
    void loopbackIsRefusedUnlessTheOperatorAllowedIt() {
        t.allowedRanges = List.of();
        t.policy(local("test.local", "GET"));
        assertThatThrownBy(() -> t.build().send(get("test.local", server.url("/x"))))
                .isInstanceOf(EgressDeniedException.class).hasMessageContaining("127.0.0.1").hasMessageContaining("loopback");
        assertThat(server.received).isEmpty();

        t.allowedRanges = List.of("127.0.0.1/32");
        assertThat(t.build().send(get("test.local", server.url("/x"))).status()).isEqualTo(200);
        assertThat(server.received).hasSize(1);
    }

    @ParameterizedTest
    @Tag("claim:EGR-2")
    @ValueSource(strings = {"http://10.0.0.1/", "http://192.168.1.1/", "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data/",
            "http://[fd00:ec2::254]/latest/meta-data/", "http://[::1]/", "http://0.0.0.0/", "http://127.0.0.2/",
            "http://100.64.0.1/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://224.0.0.1/",
            "http://metadata.google.internal/computeMetadata/v1/", "http://2130706433/"})
    void privateLinkLocalAndMetadataDestinationsAreRefused(String url) {
        t.allowedRanges = List.of();
        t.policy(ANY_HTTP);
        t.resolver = host -> List.of(InetAddress.getByName(host));
        assertThatThrownBy(() -> t.build().send(get("test.any", url))).isInstanceOf(EgressDeniedException.class);
        assertThat(t.audit("egress.request.denied")).hasSize(1);
    }

    @Test
    @Tag("claim:EGR-2")
    void aNameResolvingToAnyPrivateAddressIsRefusedEvenIfAPublicOneComesFirst() {
        t.policy(local("test.local", "GET"));
        t.resolver = host -> List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("127.0.0.1"));
        t.allowedRanges = List.of();
        assertThatThrownBy(() -> t.build().send(get("test.local", "http://service.test:" + server.port() + "/x")))
                .hasMessageContaining("resolves to 127.0.0.1");
        assertThat(server.received).isEmpty();
    }

    @Test
    @Tag("claim:EGR-2")
    void dnsIsAskedOnceAndTheConnectionGoesToTheAddressThatWasChecked() {
        // Rebinding: the first answer is public, every later one loopback. The transport must see the first.
        AtomicInteger lookups = new AtomicInteger();
        t.resolver = host -> List.of(InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1"));
        List<InetAddress> connectedTo = new CopyOnWriteArrayList<>();
        t.transport = r -> {
            connectedTo.add(r.address());
            return new WireResponse(200, List.of(), "fine".getBytes());
        };
        t.allowedRanges = List.of();
        t.policy(EgressPolicy.forPurpose("test.rebind").allow(Destination.https("rebind.test")).build());
        EgressResponse r = t.build().send(get("test.rebind", "https://rebind.test/x"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(lookups).hasValue(1);
        assertThat(connectedTo).extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
    }

    @Test
    @Tag("claim:EGR-2")
    void aRebindingAnswerNeverMovesARealConnection() {
        // First answer the (allowed) local server, later ones 127.0.0.2 where nothing listens: the request succeeds
        // only because the socket goes to the checked 127.0.0.1.
        AtomicInteger lookups = new AtomicInteger();
        t.resolver = host -> List.of(InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2"));
        t.policy(local("test.local", "GET"));
        assertThat(t.build().send(get("test.local", "http://rebind.test:" + server.port() + "/x")).status()).isEqualTo(200);
        assertThat(lookups).hasValue(1);
        assertThat(server.received.get(0).header("Host")).isEqualTo("rebind.test:" + server.port());
    }

    @Test
    @Tag("claim:EGR-2")
    void aRedirectToAPrivateAddressIsRefusedBeforeItIsFollowed() {
        server.handle("/to-metadata", LocalServer.redirect(302, "http://169.254.169.254/latest/meta-data/iam/"));
        server.handle("/to-private-name", LocalServer.redirect(307, "http://inside.test:" + server.port() + "/secret"));
        t.resolver = host -> host.equals("inside.test") ? List.of(InetAddress.getByName("10.0.0.7")) : List.of(InetAddress.getByName(host));
        t.policy(ANY_HTTP);
        DefaultEgressGateway g = t.build();

        assertThatThrownBy(() -> g.send(get("test.any", server.url("/to-metadata")))).hasMessageContaining("169.254.169.254");
        assertThatThrownBy(() -> g.send(get("test.any", server.url("/to-private-name")))).hasMessageContaining("10.0.0.7");
        assertThat(server.received).extracting(LocalServer.Received::path).containsExactly("/to-metadata", "/to-private-name");
        assertThat(t.audit("egress.request.denied")).extracting(e -> e.details().get("hop")).containsExactly("1", "1");
    }

    @Test
    @Tag("claim:EGR-2")
    void eachRedirectHopIsCheckedAgainstTheAllowlistAndTheyAreCapped() {
        server.handle("/hop", LocalServer.redirect(302, "/hop"));
        server.handle("/away", LocalServer.redirect(301, "https://not-allowed.example/x"));
        server.handle("/twice", LocalServer.redirect(303, "/final"));
        server.handle("/final", ex -> LocalServer.respond(ex, 200, "arrived"));
        t.policy(local("test.local", "GET", "POST"));
        DefaultEgressGateway g = t.build();

        assertThatThrownBy(() -> g.send(get("test.local", server.url("/hop")))).hasMessageContaining("more than 3 redirects");
        assertThat(server.received).hasSize(4);
        assertThatThrownBy(() -> g.send(get("test.local", server.url("/away")))).hasMessageContaining("not-allowed.example");

        server.received.clear();
        EgressResponse r = g.send(EgressRequest.builder("test.local", ORG).post(server.url("/twice"), "body".getBytes())
                .header("Content-Type", "text/plain").build());
        assertThat(r.bodyAsString()).isEqualTo("arrived");
        assertThat(server.received.get(1).method()).isEqualTo("GET");
        assertThat(server.received.get(1).body()).isEmpty();
        assertThat(server.received.get(1).header("Content-Type")).isNull();
    }

    @Test
    void limitsOfThePolicyApply() {
        server.handle("/big", ex -> LocalServer.respond(ex, 200, "x".repeat(10_000)));
        t.policy(EgressPolicy.forPurpose("test.small").allow(Destination.https("127.0.0.1").withSchemes("http")
                .withPorts(server.port()).withMethods("GET", "POST")).maxResponseBytes(1000).requestsPerMinute(2).build());
        DefaultEgressGateway g = t.build();
        assertThatThrownBy(() -> g.send(get("test.small", server.url("/big"))))
                .isInstanceOf(EgressFailedException.class).hasMessageContaining("larger than the limit of 1000");
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.small", ORG).post(server.url("/"), new byte[2 * 1024 * 1024]).build()))
                .hasMessageContaining("more than the limit");
        g.send(get("test.small", server.url("/")));
        assertThatThrownBy(() -> g.send(get("test.small", server.url("/")))).hasMessageContaining("requests per minute");
        t.clock.advance(Duration.ofSeconds(30));
        assertThat(g.send(get("test.small", server.url("/"))).status()).isEqualTo(200);
    }

    @Test
    void unresolvableHostsAndRefusedConnectionsAreExplained() throws Exception {
        t.policy(ANY_HTTP);
        t.resolver = host -> {
            throw new UnknownHostException(host);
        };
        assertThatThrownBy(() -> t.build().send(get("test.any", "https://nowhere.test/"))).hasMessageContaining("does not resolve");
        t.resolver = HostResolver.SYSTEM;
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        int port = closedPort;
        t.policies.clear();
        t.policy(EgressPolicy.forPurpose("test.closed").allow(Destination.https("127.0.0.1").withSchemes("http").withPorts(port)).build());
        assertThatThrownBy(() -> t.build().send(get("test.closed", "http://127.0.0.1:" + port + "/")))
                .isInstanceOf(EgressFailedException.class).hasMessageContaining("refused the connection");
    }
}
