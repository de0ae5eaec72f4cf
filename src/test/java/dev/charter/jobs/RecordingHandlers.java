package dev.charter.jobs;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Handlers for queue tests. {@code test.ok} records which node ran which job; {@code test.flaky}
 * fails until the attempt named in its payload; {@code test.broken} fails permanently; {@code test.slow} works until
 * the test releases {@link #slowDone}, longer than a lease.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RecordingHandlers {

    /** job id → how many times it ran, across every node of the JVM. */
    public static final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
    /** Ends the work of {@code test.slow} jobs. */
    public static volatile java.util.concurrent.CountDownLatch slowDone = new java.util.concurrent.CountDownLatch(1);

    /** job id → the nodes (application contexts) that ran it. */
    public static final Map<UUID, Set<String>> nodes = new ConcurrentHashMap<>();

    @Bean
    JobHandler okHandler(org.springframework.context.ApplicationContext context) {
        return new JobHandler() {
            public String queue() {
                return "test.ok";
            }

            public void handle(Job job) {
                runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
                nodes.computeIfAbsent(job.id(), k -> ConcurrentHashMap.newKeySet()).add(context.getId());
            }
        };
    }

    @Bean
    JobHandler flakyHandler() {
        return new JobHandler() {
            public String queue() {
                return "test.flaky";
            }

            public void handle(Job job) {
                runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
                int succeedOn = Integer.parseInt(job.payload().replaceAll("\\D", ""));
                if (job.attempt() < succeedOn) {
                    throw new IllegalStateException("attempt " + job.attempt() + " fails on purpose");
                }
            }
        };
    }

    @Bean
    JobHandler brokenHandler() {
        return new JobHandler() {
            public String queue() {
                return "test.broken";
            }

            public void handle(Job job) {
                runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
                throw new PermanentJobFailure("cannot ever work");
            }
        };
    }

    @Bean
    JobHandler slowHandler() {
        return new JobHandler() {
            public String queue() {
                return "test.slow";
            }

            public void handle(Job job) throws InterruptedException {
                runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
                slowDone.await(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        };
    }
}
