package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.ai.FakeOpenAi;
import dev.charter.bench.BenchmarksFile;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Two measures the widget latency benchmark leaves out (bench/crews.sh):
 *
 * <ul>
 *   <li>widget message to crew answer when the organization's own model (an OpenAI-compatible endpoint, here a
 *   local stand-in that answers after 300 ms, as a hosted model takes) writes the answer and the profile: each
 *   message is profiled by the model and then answered by it, two model calls through the egress gateway;</li>
 *   <li>the server's memory with 10,000 passages and 100,000 messages in one organization, at rest and while
 *   visitors write and people read the inbox, the analytics and the knowledge search.</li>
 * </ul>
 *
 * The model purpose's rate limit (120 requests a minute per organization) and the daily token budget (200,000) are
 * lifted for the run, as an operator would for an organization with this traffic. Writes the "Crews: with a model, and memory" section of BENCHMARKS.md.
 */
@CharterTest
@TestPropertySource(properties = {"charter.connectors.http-allowed-hosts=127.0.0.1",
        "charter.egress.policies[ai.openai-compatible].requests-per-minute=100000000", "charter.ai.daily-token-budget=0"})
@Tag("bench")
class CrewsModelAndMemoryBenchmark {

    static final long MODEL_MILLIS = 300;
    static final FakeOpenAi model = new FakeOpenAi("/v1");

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;

    @AfterAll
    static void stop() {
        model.close();
    }

    @Test
    void measure() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 20);
        StringBuilder s = new StringBuilder("## Crews: with a model, and memory\n\n");

        // ------------------------------------------------------------ with a model answering after 300 ms
        Tenant t = Tenant.signUp(port);
        String crew = CrewsFixtures.crewWithOwnModel(t, "Shop help", List.of(WidgetLoad.SITE), model.base());
        model.responder = request -> CrewsFixtures.modelWrites(request, "Yes, we ship to Norway within 5 working days.");
        model.delayMillis = MODEL_MILLIS;
        String key = t.api().get("/api/v1/crews/" + crew).json().get("widgetKey").asString();
        WidgetLoad widget = new WidgetLoad(port, key, "Do you ship to Norway?");
        widget.run(new WidgetLoad.Load("warm-up", 100, 20, 5), 0);
        int modelCallsBefore = model.received.size();
        List<WidgetLoad.Load> loads = List.of(
                new WidgetLoad.Load("50 visitors, each a message every 6 s", 50, 50 / 6.0, seconds),
                new WidgetLoad.Load("200 visitors, each a message every 6 s", 200, 200 / 6.0, seconds),
                new WidgetLoad.Load("50 messages a second (1,500 visitors)", 1500, 50, seconds),
                new WidgetLoad.Load("200 messages a second (1,500 visitors)", 1500, 200, seconds));
        List<WidgetLoad.Result> results = new ArrayList<>();
        int offset = 100;
        for (WidgetLoad.Load l : loads) {
            results.add(widget.run(l, offset));
            offset += l.visitors();
        }
        int modelCalls = model.received.size() - modelCallsBefore;
        int sent = results.stream().mapToInt(WidgetLoad.Result::sent).sum();
        var owner = Owner.jdbc(database);
        long modelAnswers = owner.sql("select count(*) from crews_message m join crews_conversation c on c.id = m.conversation_id "
                        + "where m.org_id = ? and m.author = 'CREW' and m.citations <> '[]'::jsonb")
                .param(t.org().value()).query(Long.class).single();
        model.received.clear();
        model.delayMillis = 0;

        s.append(String.format(Locale.ROOT, """
                Widget message to crew answer when the organization's own model writes the answer and the profile,
                measured by `CrewsModelAndMemoryBenchmark`: the organization connects an OpenAI-compatible endpoint, a
                local stand-in that answers after %d ms, as a hosted model takes; each message is profiled by the
                model (sentiment) and then answered by it from the passages retrieval found (the answer cites one),
                two model calls one after the other through the egress gateway. Visitors post as in "Crews: widget
                latency" (open loop, each from its own loopback address). The model purpose's rate limit (120 requests
                a minute) and the organization's daily token budget (200,000) are lifted for the run.

                """, MODEL_MILLIS)).append(WidgetLoad.TABLE_HEAD);
        results.forEach(r -> s.append(r.row()));
        s.append(String.format(Locale.ROOT, """

                The model was asked %,d times for %,d messages; %,d crew answers in that organization cite a passage.
                A message waits for its two model calls in turn, so %d ms of model time is the floor of its latency;
                above that is Charter's own work and the queue in front of it. At 200 messages a second some 130
                messages are in flight at once, each with its retrieval, classifiers, stores and two calls through
                the egress gateway, which is more than two cores shared with the stand-in and the load generator do.

                """, modelCalls, sent, modelAnswers, 2 * MODEL_MILLIS));

        // ------------------------------------------------------------ memory: 10,000 passages, 100,000 messages
        long heapStart = usedHeap();
        long rssStart = rss();
        Tenant big = Tenant.signUp(port);
        String bigCrew = CrewsFixtures.crew(big, "Big help", List.of(WidgetLoad.SITE));
        GeneratedKnowledge.upload(big, CrewsKnowledgeTest.SHIPPING, 7);
        long passages = owner.sql("select count(*) from crews_passage where org_id = ?").param(big.org().value())
                .query(Long.class).single();
        long heapPassages = usedHeap();

        // 10,000 contacts with a conversation each and 10 messages a conversation, written as the channels write them
        owner.sql("""
                insert into crews_contact (id, org_id, name, email)
                select gen_random_uuid(), ?, 'Visitor ' || i, 'visitor' || i || '@bench.example' from generate_series(1, 10000) i""")
                .param(big.org().value()).update();
        owner.sql("""
                insert into crews_conversation (id, org_id, crew_id, contact_id, channel, status, created_at, updated_at, last_message_at)
                select gen_random_uuid(), c.org_id, ?, c.id, 'widget',
                       (array['CREW','WAITING','OPEN','RESOLVED'])[1 + (row_number() over () % 4)::int],
                       now() - (row_number() over ()) * interval '1 minute', now(), now() - (row_number() over ()) * interval '1 minute'
                from crews_contact c where c.org_id = ?""")
                .params(UUID.fromString(bigCrew), big.org().value()).update();
        owner.sql("""
                insert into crews_message (id, org_id, conversation_id, author, body, created_at)
                select gen_random_uuid(), v.org_id, v.id, case when m % 2 = 1 then 'CONTACT' else 'CREW' end,
                       case when m % 2 = 1 then 'Where is my order number ' || m || '? It has not arrived yet.'
                            else 'Orders ship within 2 working days; here is how to track yours.' end,
                       v.created_at + m * interval '1 second'
                from crews_conversation v, generate_series(1, 10) m where v.org_id = ?""")
                .param(big.org().value()).update();
        long messages = owner.sql("select count(*) from crews_message where org_id = ?").param(big.org().value())
                .query(Long.class).single();
        long heapMessages = usedHeap();

        // at work: visitors write (local fallback) while people read the inbox, the analytics and the search
        String bigKey = big.api().get("/api/v1/crews/" + bigCrew).json().get("widgetKey").asString();
        AtomicBoolean working = new AtomicBoolean(true);
        AtomicLong peak = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (working.get()) {
                peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Thread readers = new Thread(() -> {
            String[] paths = {"/api/v1/crews/conversations", "/api/v1/crews/conversations?status=OPEN",
                    "/api/v1/crews/analytics", "/api/v1/crews/knowledge/search?q=how%20long%20does%20shipping%20take"};
            int i = 0;
            while (working.get()) {
                Http.Response r = big.api().get(paths[i++ % paths.length]);
                if (r.status() == 200) {
                    reads.incrementAndGet();
                }
            }
        });
        sampler.start();
        readers.start();
        WidgetLoad.Result atWork = new WidgetLoad(port, bigKey, "How long does shipping take?")
                .run(new WidgetLoad.Load("50 messages a second (1,500 visitors)", 1500, 50, seconds), 5000);
        working.set(false);
        readers.join();
        sampler.join();
        long heapAfter = usedHeap();
        long rssAfter = rss();

        s.append(String.format(Locale.ROOT, """
                Memory with %,d passages (100 documents of 100 passages, uploaded and indexed through the API) and %,d
                messages (10,000 contacts with a conversation each, 10 messages a conversation, written into the tables
                as the channels write them) in one organization; the JVM's used heap after a full GC (the server and
                the benchmark share one JVM), and its resident size:

                | moment | used heap after GC | JVM resident |
                |---|---|---|
                | before the organization | %s | %s |
                | after the %,d passages | %s | |
                | after the %,d messages | %s | |
                | after %d s of work (below) | %s | %s |
                | peak used heap during the work (no GC forced) | %s | |

                The work: visitors at 50 messages a second answered with the local fallback over the %,d passages
                (%,d sent, %,d answered, p50 %.1f ms, p99 %.1f ms), while one reader at a time fetched the
                conversation list (all, and open), the analytics and a knowledge search in turn, %,d reads answered.
                That load is more than two cores hold over these passages: they are drawn from the help page's own
                words, so every word of the question occurs in thousands of passages and each answer scores all their
                postings (the worst case of "Crews: retrieval"); answers queue, and the reader waits behind them.
                Nothing of the knowledge base or of the messages is held in memory: retrieval reads the postings of
                the question's terms and the best passages from PostgreSQL, and lists and analytics are queries, so
                the heap holds what requests are doing, not what the organization has stored.

                Command: `bench/crews.sh` (or `./mvnw -q test -Pbench -Dtest=CrewsModelAndMemoryBenchmark`;
                `-Dbench.seconds` sets each load's length).
                Machine: %s; the embedded PostgreSQL, the stand-in model and the load generator on the same machine.
                """, passages, messages, mib(heapStart), mib(rssStart), passages, mib(heapPassages), messages,
                mib(heapMessages), seconds, mib(heapAfter), mib(rssAfter), mib(peak.get()), passages, atWork.sent(),
                atWork.answered(), atWork.p50(), atWork.p99(), reads.get(), BenchmarksFile.machine()));
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "crews-model-memory.md"), s.toString());
        BenchmarksFile.writeSection("## Crews: with a model, and memory", s.toString());
        System.out.println(s);
    }

    private static long usedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The JVM's resident set size, from /proc. */
    private static long rss() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
