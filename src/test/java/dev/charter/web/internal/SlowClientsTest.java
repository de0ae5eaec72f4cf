package dev.charter.web.internal;

import static dev.charter.pilots.PilotFixtures.create;
import static dev.charter.pilots.PilotFixtures.threeSteps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.SlowClients;
import dev.charter.testing.SlowClients.Stall;
import dev.charter.testing.Tenant;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Slow clients cannot stop the server (docs/adr/0100-slow-clients.md): while a thousand connections drip their
 * headers or bodies, health, sign-in and a delivery URL answer within a second; one address cannot hold more
 * connections than its cap; dripped headers and bodies are cut off at their deadlines, and a delivery cut off
 * stored nothing. The test profile shortens the deadlines (application-test.yml) so this runs in seconds.
 */
@CharterTest
class SlowClientsTest {

    static final int SLOW = 1000;

    @LocalServerPort int port;
    @Autowired ServerSettings settings;
    @Autowired JdbcClient jdbc;
    @Autowired org.springframework.boot.web.server.context.WebServerApplicationContext web;

    @Test
    void healthSignInAndDeliveriesAnswerWithinASecondWhileAThousandClientsDrip() throws Exception {
        Tenant t = Tenant.signUp(port);
        String delivery = create(t.api(), threeSteps("Under siege")).get("deliveryPath").asString();
        int cap = settings.maxConnectionsPerAddress();
        assertThat(cap).as("the test profile's cap lets a few addresses carry the load").isBetween(100, SLOW);

        // warm the code paths up once, so the figures below are the siege's and not the first call's
        timed(() -> new Http(port).get("/actuator/health"), 200);
        timed(() -> new Http(port).postJson(delivery, Map.of("customer", "warm", "items", List.of())), 202);
        try (SlowClients slow = new SlowClients(Duration.ofSeconds(2))) {
            // half drip a delivery's body, half drip sign-in headers; each source address holds exactly its cap
            int opened = 0;
            for (int a = 0; opened < SLOW; a++) {
                int n = Math.min(cap, SLOW - opened);
                int bodies = n / 2;
                String source = "127.0.0." + (10 + a);
                opened += slow.open(source, port, bodies, Stall.BODY, delivery);
                opened += slow.open(source, port, n - bodies, Stall.HEADERS, "/api/v1/auth/signin");
            }
            assertThat(opened).isEqualTo(SLOW);
            // the server has accepted every one of them and holds them open
            await().atMost(Duration.ofSeconds(5)).until(() -> openOnServer(cap) == SLOW);

            Http http = new Http(port);
            List<Long> health = new ArrayList<>();
            List<Long> signIn = new ArrayList<>();
            List<Long> deliveries = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                health.add(timed(() -> http.get("/actuator/health"), 200));
                signIn.add(timed(() -> new Http(port).postJson("/api/v1/auth/signin",
                        Map.of("email", t.email(), "password", Tenant.PASSWORD)), 200));
                deliveries.add(timed(() -> new Http(port).postJson(delivery,
                        Map.of("customer", "c" + UUID.randomUUID(), "items", List.of(Map.of("price", 20)))), 202));
            }
            assertThat(health).allSatisfy(ms -> assertThat(ms).as("health, ms").isLessThan(1000));
            assertThat(signIn).allSatisfy(ms -> assertThat(ms).as("sign-in, ms").isLessThan(1000));
            assertThat(deliveries).allSatisfy(ms -> assertThat(ms).as("delivery, ms").isLessThan(1000));
            // the thousand were held open all along, not dropped to make room
            assertThat(slow.closedByServer()).isZero();

            // the cap: the first address already holds its share, so further connections from it are closed at once
            try (SlowClients over = new SlowClients(Duration.ofSeconds(2))) {
                over.open("127.0.0.10", port, 5, Stall.HEADERS, "/api/v1/auth/signin");
                await().atMost(Duration.ofSeconds(2)).until(() -> over.closedByServer() == 5);
                assertThat(over.lifetimesMillis()).allSatisfy(ms -> assertThat(ms).isLessThan(1000));
            }
            // while another address is not affected
            assertThat(timed(() -> new Http(port).get("/actuator/health"), 200)).isLessThan(1000);
            assertThat(slow.closedByServer()).isZero();
        }
        // everything the test opened is closed, and the server counts none of it any more
        await().atMost(Duration.ofSeconds(5)).until(() -> openOnServer(cap) == 0);
    }

    @Test
    void drippedHeadersAndADrippedDeliveryAreCutOffAtTheirDeadlinesAndTheDeliveryStoredNothing() throws Exception {
        Tenant t = Tenant.signUp(port);
        long headerDeadline = settings.headerDeadline().toMillis();
        SlowClients headers = new SlowClients(Duration.ofMillis(200));
        headers.open("127.0.0.40", port, 3, Stall.HEADERS, "/api/v1/auth/signin");
        var pilot = create(t.api(), threeSteps("Dripped"));
        String delivery = pilot.get("deliveryPath").asString();
        long deadline = settings.bodyDeadline().toMillis();
        String body = "{\"customer\": \"slow\", \"items\": [{\"price\": 20}], \"pad\": \"" + "x".repeat(200) + "\"}";

        long started = System.nanoTime();
        String answer;
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.41", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout((int) deadline + 5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + delivery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            // one byte every 100 ms: the whole body would need far longer than the deadline
            for (int i = 0; i < body.length() && in.available() == 0; i++) {
                out.write(body.charAt(i));
                out.flush();
                if (System.nanoTime() - started > (deadline + 5000) * 1_000_000L) {
                    break;
                }
                Thread.sleep(100);
            }
            answer = readAll(in);
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer).startsWith("HTTP/1.1 408");
        assertThat(answer).contains("application/problem+json").contains("\"status\":408")
                .contains("did not arrive within").contains("nothing of it was used or stored");
        // Tomcat checks asynchronous deadlines once a second
        assertThat(tookMs).isBetween(deadline - 100, deadline + 1500);
        assertThat(runsOf(pilot.get("id").asString())).as("a cut-off delivery stored nothing").isZero();

        try (headers) {
            await().atMost(Duration.ofMillis(headerDeadline + 3000)).until(() -> headers.closedByServer() == 3);
            // bytes kept coming every 200 ms, so an idle timeout would never have fired: only the deadline did
            assertThat(headers.lifetimesMillis())
                    .allSatisfy(ms -> assertThat(ms).isBetween(headerDeadline - 100, headerDeadline + 1500));
        }

        // and a delivery that arrives in one go is taken as ever
        var ok = new Http(port).postJson(delivery, Map.of("customer", "fast", "items", List.of(Map.of("price", 20))));
        assertThat(ok.status()).as(ok.body()).isEqualTo(202);
        assertThat(runsOf(pilot.get("id").asString())).isEqualTo(1);
    }

    private int openOnServer(int cap) {
        int open = 0;
        for (int a = 0; a < (SLOW + cap - 1) / cap; a++) {
            open += protocol().getOpenConnections("127.0.0." + (10 + a));
        }
        return open;
    }

    private GuardedNioProtocol protocol() {
        return (GuardedNioProtocol) ((org.springframework.boot.tomcat.TomcatWebServer) web.getWebServer()).getTomcat()
                .getConnector().getProtocolHandler();
    }

    private long runsOf(String pilot) {
        return jdbc.sql("select count(*) from pilots_run where pilot_id = cast(? as uuid)").param(pilot)
                .query(Long.class).single();
    }

    private static long timed(Supplier<Http.Response> call, int status) {
        long t0 = System.nanoTime();
        var r = call.get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return ms;
    }

    private static String readAll(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                bytes.write(buf, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // the server closes the connection after its answer
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
