package dev.charter.perfcases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.privacy.PersonalDataExporter;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Profiles for a case (PRF-4): pprof from a Pyroscope fake on loopback and a Java Flight Recorder file uploaded on the
 * case. Every part of a profile that is not a stack frame or a sample value carries a canary (sample labels such as
 * thread names and span ids, mapping and source file names, build ids, system names, comments, strings nothing refers
 * to; in the JFR file the sampled thread's name and a custom event's payload); none may reach a table, a log line, an
 * outbound request, a response or the export, while the frames and their values are kept as flame summaries.
 */
@CharterTest
class ProfileCasesTest {

    static FakePyroscope pyroscope;

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;
    @Autowired List<PersonalDataExporter> exporters;
    @TempDir Path dir;

    @BeforeAll
    static void start() {
        pyroscope = new FakePyroscope();
    }

    @AfterAll
    static void stop() {
        pyroscope.close();
    }

    /** A custom event of the recorded application, whose payload must never be read. */
    @Name("charter.test.Checkout")
    static class CheckoutEvent extends Event {
        String customerEmail;
    }

    static volatile long sink;

    /** The hot method the JFR recording samples. */
    static long discount(AtomicBoolean stop) {
        long x = 0;
        while (!stop.get()) {
            for (int i = 0; i < 10_000; i++) {
                x += Long.rotateLeft(x ^ i, 5);
            }
        }
        return x;
    }

    /** A JFR recording of execution samples of a thread named {@code threadName}, with a custom event carrying {@code payload}. */
    private Path record(String threadName, String payload) throws Exception {
        Path file = dir.resolve("checkout.jfr");
        AtomicBoolean stop = new AtomicBoolean();
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable(CheckoutEvent.class);
            r.start();
            CheckoutEvent e = new CheckoutEvent();
            e.customerEmail = payload;
            e.commit();
            Thread busy = new Thread(() -> sink = discount(stop), threadName);
            busy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (samplesOf(r, file) < 20 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            stop.set(true);
            busy.join();
            r.stop();
            r.dump(file);
        }
        String raw = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertThat(raw).as("the recording holds the thread name and the payload").contains(threadName).contains(payload);
        return file;
    }

    private static long samplesOf(Recording r, Path file) throws Exception {
        r.dump(file);
        return RecordingFile.readAllEvents(file).stream().filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample")
                && e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                .anyMatch(f -> f.getMethod().getName().equals("discount"))).count();
    }

    private String openCase(Tenant t) {
        return PerfcasesFixtures.openCase(t, database, "CPU", "CPU of checkout worse in 1.1");
    }

    private static String connectPyroscope(Tenant t) {
        Http.Response r = t.api().postJson("/api/v1/perfcases/connections", Map.of("kind", "PYROSCOPE", "label", "profiles",
                "baseUrl", pyroscope.base()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static Http.Response upload(Tenant t, String caseId, String version, byte[] file) {
        return t.api().send(HttpRequest.newBuilder(URI.create(t.api().base() + "/api/v1/perfcases/cases/" + caseId
                        + "/profiles/jfr?version=" + version)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)));
    }

    private static JsonNode frame(JsonNode summary, String name) {
        for (JsonNode f : summary.path("frames")) {
            if (f.path("name").asString().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no frame " + name + " in " + summary);
    }

    private static JsonNode version(JsonNode summaries, String version, String source) {
        for (JsonNode s : summaries) {
            if (s.path("version").asString().equals(version) && s.path("source").asString().equals(source)) {
                return s;
            }
        }
        throw new AssertionError("no " + source + " summary of " + version + " in " + summaries);
    }

    private static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    @Test
    @Tag("claim:PRF-4")
    @Tag("claim:AUD-5")
    void profilesAreReadAsFramesAndValuesAndOnlyFlameSummariesAreKept() throws Exception {
        Tenant t = Tenant.signUp(port);
        String caseId = openCase(t);
        String connectionId = connectPyroscope(t);
        try (Canary canary = Canary.start(database)) {
            // one needle in every forbidden place (each value names its place), so one scan finds any of them
            String forbidden = canary.plant("profile");
            Map<String, String> labels = Map.of("thread_name", forbidden + "-thread", "span_id", forbidden + "-span",
                    "user_id", forbidden + "-user");
            for (String v : List.of("1.0", "1.1")) {
                Pprof p = new Pprof().files(forbidden + "-mapping", forbidden + "-source.java").comment(forbidden + "-comment")
                        .unreferenced(forbidden + "-leftover");
                long pricing = v.equals("1.0") ? 100 : 400;
                p.sample(pricing * 1_000_000, labels, "checkout.Pricing.discount", "checkout.Cart.total", "checkout.Main.handle")
                        .sample(500 * 1_000_000L, labels, "checkout.Db.query", "checkout.Main.handle")
                        .sample(50 * 1_000_000L, Map.of(), "java.util.HashMap.get", "checkout.Pricing.discount",
                                "checkout.Cart.total", "checkout.Main.handle");
                pyroscope.profiles.put("{service_name=\"checkout\",service_version=\"" + v + "\"}",
                        v.equals("1.0") ? p.bytes() : p.gzipped());
            }
            int before = pyroscope.requests.size();

            Http.Response read = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/profiles",
                    Map.of("connectionId", connectionId));
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            JsonNode summaries = read.json();
            assertThat(summaries).hasSize(2);
            JsonNode slow = version(summaries, "1.1", "PYROSCOPE");
            assertThat(slow.path("unit").asString()).isEqualTo("nanoseconds");
            assertThat(slow.path("total").asLong()).as("the default sample type's values").isEqualTo(950_000_000L);
            assertThat(frame(slow, "checkout.Pricing.discount").path("total").asLong()).isEqualTo(450_000_000L);
            assertThat(frame(slow, "checkout.Pricing.discount").path("self").asLong()).isEqualTo(400_000_000L);
            assertThat(frame(slow, "checkout.Main.handle").path("total").asLong()).isEqualTo(950_000_000L);
            assertThat(frame(slow, "java.util.HashMap.get").path("self").asLong()).isEqualTo(50_000_000L);
            assertThat(frame(version(summaries, "1.0", "PYROSCOPE"), "checkout.Pricing.discount").path("total").asLong())
                    .isEqualTo(150_000_000L);

            // two queries, one per version, each audited verbatim before it was sent
            List<FakePyroscope.Request> sent = pyroscope.requests.subList(before, pyroscope.requests.size());
            assertThat(sent).extracting(FakePyroscope.Request::selector).containsExactly(
                    "{service_name=\"checkout\",service_version=\"1.0\"}", "{service_name=\"checkout\",service_version=\"1.1\"}");
            List<Map<String, Object>> audited = Owner.jdbc(database).sql("""
                            select details->>'query' as query, details->>'param.profileTypeID' as type, details->>'case' as case_id
                            from audit_event where org_id = ?::uuid and action = 'perfcases.query.sent' and target = ?
                            and details->>'language' = 'Pyroscope' order by id""")
                    .params(t.org().value().toString(), "telemetry-connection:" + connectionId).query().listOfRows();
            assertThat(audited).extracting(r -> r.get("query")).containsExactlyElementsOf(
                    sent.stream().map(FakePyroscope.Request::selector).toList());
            assertThat(audited).allSatisfy(r -> {
                assertThat(r.get("type")).isEqualTo("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
                assertThat(r.get("case_id")).isEqualTo(caseId);
            });

            // a JFR recording of the baseline, gzipped as the page suggests for a large one
            String thread = canary.plant("jfr-thread");
            String payload = canary.plant("jfr-payload");
            byte[] jfr = Files.readAllBytes(record(thread, payload));
            Http.Response uploaded = upload(t, caseId, "1.0", gzip(jfr));
            assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
            JsonNode fromJfr = uploaded.json();
            assertThat(fromJfr.path("source").asString()).isEqualTo("JFR");
            assertThat(fromJfr.path("unit").asString()).isEqualTo("samples");
            assertThat(frame(fromJfr, ProfileCasesTest.class.getName() + ".discount").path("total").asLong())
                    .isGreaterThanOrEqualTo(20);
            assertThat(Owner.jdbc(database).sql("select count(*) from perfcases_flame_summary where case_id = ?::uuid")
                    .param(caseId).query(Long.class).single()).as("one summary per version and source").isEqualTo(3);

            List<String> all = new ArrayList<>(List.of(forbidden, thread, payload));
            canary.assertNowhere(all.toArray(String[]::new));
            String responses = t.api().get("/api/v1/perfcases/cases/" + caseId + "/profiles").body()
                    + t.browser().get("/perfcases/cases/" + caseId).body() + t.api().get("/api/v1/audit/export").body();
            String export = exporters.stream().filter(e -> e.section().equals("perfcases")).findFirst().orElseThrow()
                    .exportOrganization(t.org()).toString();
            for (String needle : all) {
                assertThat(responses).doesNotContain(needle);
                assertThat(export).doesNotContain(needle);
            }
            assertThat(export).contains("checkout.Pricing.discount");

            // the page compares the versions: the frame that grew most comes first
            String page = t.browser().get("/perfcases/cases/" + caseId).body();
            assertThat(page).contains("id=\"pc-profile-shifts\"");
            assertThat(page.indexOf("data-frame=\"checkout.Pricing.discount\""))
                    .isPositive().isLessThan(page.indexOf("data-frame=\"checkout.Db.query\""));
        }
    }

    @Test
    void badInputIsRefusedWholeAndARevokedConnectionReadsNothing() throws Exception {
        Tenant t = Tenant.signUp(port);
        String caseId = openCase(t);
        String connectionId = connectPyroscope(t);
        String table = "select count(*) from perfcases_flame_summary where case_id = ?::uuid";

        Http.Response notJfr = upload(t, caseId, "1.1", "not a recording".getBytes(StandardCharsets.UTF_8));
        assertThat(notJfr.status()).isEqualTo(400);
        assertThat(notJfr.body()).contains("file").contains("Flight Recorder");
        Http.Response wrongVersion = upload(t, caseId, "2.0", new byte[] {1, 2, 3});
        assertThat(wrongVersion.status()).isEqualTo(400);
        assertThat(wrongVersion.body()).contains("version").contains("1.0").contains("1.1");
        assertThat(upload(t, caseId, "1.1", new byte[0]).status()).isEqualTo(400);
        Http.Response badGzip = upload(t, caseId, "1.1", new byte[] {(byte) 0x1f, (byte) 0x8b, 0, 0});
        assertThat(badGzip.status()).isEqualTo(400);

        // a connection of another kind, none at all, and a source answering junk
        String metrics = t.api().get("/api/v1/perfcases/cases/" + caseId).json().path("connectionId").asString();
        Http.Response wrongKind = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/profiles", Map.of("connectionId", metrics));
        assertThat(wrongKind.status()).isEqualTo(400);
        assertThat(wrongKind.body()).contains("Pyroscope");
        assertThat(t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/profiles", Map.of()).status()).isEqualTo(400);
        pyroscope.profiles.put("{service_name=\"checkout\",service_version=\"1.0\"}", "junk, not protobuf".getBytes(StandardCharsets.UTF_8));
        Http.Response junk = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/profiles", Map.of("connectionId", connectionId));
        assertThat(junk.status()).isEqualTo(409);
        assertThat(junk.body()).contains("pprof");
        assertThat(Owner.jdbc(database).sql(table).param(caseId).query(Long.class).single()).isZero();

        // another organization sees neither the case nor its profiles
        Tenant other = Tenant.signUp(port);
        assertThat(other.api().get("/api/v1/perfcases/cases/" + caseId + "/profiles").status()).isEqualTo(404);
        assertThat(other.api().postJson("/api/v1/perfcases/cases/" + caseId + "/profiles", Map.of("connectionId", connectionId))
                .status()).isEqualTo(404);
        assertThat(upload(other, caseId, "1.1", new byte[] {1}).status()).isEqualTo(404);

        // revoked: nothing more is sent
        pyroscope.profiles.remove("{service_name=\"checkout\",service_version=\"1.0\"}");
        assertThat(t.api().postJson("/api/v1/perfcases/connections/" + connectionId + "/revoke", Map.of()).status()).isEqualTo(200);
        int before = pyroscope.requests.size();
        assertThat(t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/profiles", Map.of("connectionId", connectionId))
                .status()).isEqualTo(409);
        assertThat(pyroscope.requests).hasSize(before);
        assertThat(Owner.jdbc(database).sql(table).param(caseId).query(Long.class).single()).isZero();
    }
}
