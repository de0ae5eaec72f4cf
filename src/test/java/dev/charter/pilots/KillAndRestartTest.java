package dev.charter.pilots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * PIL-3: a 202 from a delivery URL means the run survives a crash. Charter runs as its own process;
 * deliveries go in concurrently, the process is SIGKILLed in the middle of the stream (and its
 * embedded PostgreSQL with it, as a machine failure would take both), Charter restarts on the same
 * data folder, and every acknowledged run must exist and finish, each step recorded exactly once.
 */
class KillAndRestartTest {

    static final int DELIVERIES = 90; // under the 100 runs a Pilot keeps (PIL-4), so none is pruned
    static final int KILL_AFTER = 30;

    @TempDir
    Path temp;

    CharterProcess charter;

    @AfterEach
    void stop() {
        if (charter != null) {
            charter.stop();
        }
    }

    @Test
    @Tag("claim:PIL-3")
    void everyAcknowledgedRunFinishesAfterAKillAndARestart() throws Exception {
        charter = new CharterProcess(temp.resolve("data"), Map.of(
                "CHARTER_IDENTITY_SCRYPT_CPU_COST", "1024",
                "CHARTER_PILOTS_DELIVERIES_PER_SECOND", "10000",
                "CHARTER_JOBS_LEASE", "3s"));
        charter.start();

        Http browser = charter.http();
        var signup = browser.postJson("/api/v1/auth/signup", Map.of("email", "crash@example.test",
                "password", "a long enough password", "organization", "Crash Org", "displayName", "Crash Tester"));
        assertThat(signup.status()).as(signup.body()).isEqualTo(201);
        var token = browser.postJson("/api/v1/account/tokens", Map.of("name", "crash test"));
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        String bearer = token.json().get("secret").asString();

        JsonNode pilot = PilotFixtures.create(charter.http().bearer(bearer), Map.of(
                "title", "survives a crash", "trigger", Map.of("kind", "WEBHOOK"),
                "steps", List.of(
                        Map.of("kind", "transform", "name", "shape", "config", Map.of("expression", "{\"n\": trigger.n}")),
                        Map.of("kind", "delay", "name", "wait", "config", Map.of("seconds", 1)),
                        Map.of("kind", "transform", "name", "done", "config", Map.of("expression", "steps.shape.n + 1")))));
        String url = "http://127.0.0.1:" + charter.port() + "/hooks/" + pilot.get("id").asString() + "/"
                + secretOf(pilot);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refusedOrLost = new AtomicInteger();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Future<?>> sent = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < DELIVERIES; i++) {
                int n = i;
                sent.add(senders.submit(() -> {
                    try {
                        var r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"n\": " + n + "}")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 202) {
                            acknowledged.add(Http.JSON.readTree(r.body()).get("run").asString());
                        } else {
                            refusedOrLost.incrementAndGet();
                        }
                    } catch (Exception connectionLost) {
                        refusedOrLost.incrementAndGet(); // not acknowledged: the sender would retry
                    }
                }));
            }
            Instant until = Instant.now().plusSeconds(30);
            while (acknowledged.size() < KILL_AFTER && Instant.now().isBefore(until)) {
                Thread.sleep(5);
            }
            charter.kill();
            for (var f : sent) {
                f.get();
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER);
        System.out.printf("kill-and-restart: %d acknowledged, %d refused or cut off by the kill%n",
                acknowledged.size(), refusedOrLost.get());

        charter.start();
        Http api = charter.http().bearer(bearer);
        List<String> missing = acknowledged.stream()
                .filter(run -> api.get("/api/v1/pilots/runs/" + run).status() != 200).toList();
        if (!missing.isEmpty()) {
            Files.copy(charter.log(), Path.of("target", "kill-and-restart-charter.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(missing).as("acknowledged runs missing after the restart (of %d; log in target/)", acknowledged.size())
                .isEmpty();
        for (String run : acknowledged) {
            JsonNode done = PilotFixtures.awaitRun(api, run);
            assertThat(done.get("run").get("status").asString()).as("run %s: %s", run, done).isEqualTo("SUCCEEDED");
            List<Integer> positions = new ArrayList<>();
            done.get("steps").forEach(s -> positions.add(s.get("position").asInt()));
            assertThat(positions).as("each step once, run %s", run).containsExactly(0, 1, 2);
        }
        // no run appeared twice: the Pilot holds exactly the runs that were acknowledged, or fewer
        // extra ones only for deliveries whose 202 was lost in the kill
        var history = api.get("/api/v1/pilots/" + pilot.get("id").asString() + "/runs?limit=100").json();
        assertThat(history.size()).isBetween(acknowledged.size(), DELIVERIES);
        assertThat(Files.readString(charter.log())).contains("existing data");
    }

    private static String secretOf(JsonNode pilot) {
        String path = pilot.has("deliveryPath") ? pilot.get("deliveryPath").asString() : pilot.get("deliveryUrl").asString();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
