package dev.charter.web;

import static dev.charter.pilots.PilotFixtures.create;
import static dev.charter.pilots.PilotFixtures.threeSteps;

import dev.charter.testing.CharterTest;
import dev.charter.testing.SlowClients;
import dev.charter.testing.Tenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Health latency while slow clients drip delivery bodies: {@value #SLOW} connections (at most
 * {@value #PER_ADDRESS} per loopback source address) each send a delivery's headers and then one body byte
 * every two seconds; meanwhile {@code /actuator/health} is asked every 250 ms for {@value #SECONDS} s with a
 * 5 s timeout. Tagged {@code bench}; run it with
 * {@code ./mvnw -q test -Pbench -Dtest=SlowClientsBenchmark}. Figures in BENCHMARKS.md.
 */
@CharterTest
@Tag("bench")
class SlowClientsBenchmark {

    static final int SLOW = 250;
    static final int PER_ADDRESS = 50;
    static final int SECONDS = 10;

    @LocalServerPort int port;

    @Test
    void healthLatencyUnderSlowBodies() throws Exception {
        Tenant t = Tenant.signUp(port);
        String delivery = create(t.api(), threeSteps("Bench")).get("deliveryPath").asString();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 20; i++) {
            client.send(health, HttpResponse.BodyHandlers.ofString());
        }
        try (SlowClients slow = new SlowClients(Duration.ofSeconds(2))) {
            for (int a = 0; a * PER_ADDRESS < SLOW; a++) {
                slow.open("127.0.0." + (10 + a), port, Math.min(PER_ADDRESS, SLOW - a * PER_ADDRESS),
                        SlowClients.Stall.BODY, delivery);
            }
            List<Long> ms = new ArrayList<>();
            int failed = 0;
            long end = System.nanoTime() + SECONDS * 1_000_000_000L;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                try {
                    var r = client.send(health, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        ms.add((System.nanoTime() - t0) / 1_000_000);
                    } else {
                        failed++;
                    }
                } catch (java.io.IOException timedOut) {
                    failed++;
                }
                long left = 250 - (System.nanoTime() - t0) / 1_000_000;
                if (left > 0) {
                    Thread.sleep(left);
                }
            }
            Collections.sort(ms);
            System.out.printf("%nSLOW CLIENTS BENCH %d slow bodies: health answered %d, failed or timed out (5 s) %d;"
                            + " p50 %s ms, p99 %s ms, max %s ms; slow connections still open %d%n",
                    SLOW, ms.size(), failed, pct(ms, 0.50), pct(ms, 0.99), ms.isEmpty() ? "-" : ms.get(ms.size() - 1),
                    slow.opened() - slow.closedByServer());
        }
    }

    private static String pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? "-" : Long.toString(sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))));
    }
}
