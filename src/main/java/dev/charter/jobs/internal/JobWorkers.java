package dev.charter.jobs.internal;

import dev.charter.jobs.Job;
import dev.charter.jobs.JobHandler;
import dev.charter.jobs.PermanentJobFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the handlers of this node: one dispatcher thread per queue claims due jobs in batches (woken
 * by {@link QueueNotifications} or by its poll interval) and hands each to a pooled thread, at most
 * {@link JobHandler#concurrency()} at once. A slow handler holds up only its own queue's slots.
 */
@Component
class JobWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);

    private final Map<String, JobHandler> handlers;
    private final JobRepository repo;
    private final JobsSettings settings;
    private final QueueNotifications notifications;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String node = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    /** Created on start and shut down on stop, so a stopped node (or a paused test context) can start again. */
    private volatile ExecutorService jobThreads;
    private volatile boolean running;
    private List<Thread> dispatchers = List.of();
    /** Jobs this node runs now: their leases are renewed while they run. */
    private final java.util.Set<UUID> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    JobWorkers(List<JobHandler> handlers, JobRepository repo, JobsSettings settings, QueueNotifications notifications,
               Clock clock, MeterRegistry meters) {
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::queue, Function.identity()));
        this.repo = repo;
        this.settings = settings;
        this.notifications = notifications;
        this.clock = clock;
        this.meters = meters;
        this.handlers.keySet().forEach(q -> Gauge.builder("charter.jobs.queued", () -> repo.depth(q))
                .tag("queue", q).description("jobs waiting in the queue").register(meters));
    }

    @Override
    public void start() {
        if (!settings.enabled() || handlers.isEmpty()) {
            return;
        }
        jobThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "job");
            t.setDaemon(true);
            return t;
        });
        running = true;
        dispatchers = handlers.values().stream().map(h -> {
            Thread t = new Thread(() -> dispatch(h), "jobs-" + h.queue());
            t.setDaemon(true);
            t.start();
            return t;
        }).toList();
        Thread renewer = new Thread(this::renewLeases, "jobs-lease");
        renewer.setDaemon(true);
        renewer.start();
        dispatchers = java.util.stream.Stream.concat(dispatchers.stream(), java.util.stream.Stream.of(renewer)).toList();
        log.info("Job workers started on {} for queues {}", node, handlers.keySet());
    }

    @Override
    public void stop() {
        running = false;
        notifications.wakeAll();
        dispatchers.forEach(Thread::interrupt);
        if (jobThreads == null) {
            return;
        }
        jobThreads.shutdown();
        try {
            if (!jobThreads.awaitTermination(15, TimeUnit.SECONDS)) {
                log.warn("Jobs still running at shutdown return to the queue when their lease expires");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // start last, stop first
    }

    private void dispatch(JobHandler handler) {
        Semaphore slots = new Semaphore(handler.concurrency());
        Timer timer = meters.timer("charter.jobs.duration", "queue", handler.queue());
        Instant nextBurial = Instant.MIN;
        while (running) {
            try {
                int free = slots.availablePermits();
                List<Job> jobs = List.of();
                if (free > 0) {
                    Instant now = clock.instant();
                    // leases run out in minutes: looking for dead nodes' jobs once a second is plenty, and
                    // looking on every claim cost a scan of the running jobs each time a slot came free
                    if (!now.isBefore(nextBurial)) {
                        repo.buryExpired(now);
                        nextBurial = now.plusSeconds(1);
                    }
                    jobs = repo.claim(List.of(handler.queue()), Math.min(free, settings.batchSize()), node, now,
                            now.plus(settings.lease()));
                }
                for (Job job : jobs) {
                    slots.acquire();
                    jobThreads.submit(() -> {
                        try {
                            timer.record(() -> run(handler, job));
                        } finally {
                            slots.release();
                        }
                    });
                }
                if (jobs.isEmpty() || jobs.size() < Math.min(free, settings.batchSize())) {
                    notifications.await(handler.queue(), free == 0 ? Duration.ofMillis(20) : settings.pollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Job dispatcher for {} failed, retrying: {}", handler.queue(), e.toString());
                    sleep(settings.pollInterval());
                }
            }
        }
    }

    /** Every third of a lease, extends the leases of the jobs still running here. */
    private void renewLeases() {
        long every = Math.max(50, settings.lease().toMillis() / 3);
        while (running) {
            try {
                Thread.sleep(every); // a period, not a condition: there is nothing to await
                repo.renew(List.copyOf(inFlight), node, clock.instant().plus(settings.lease()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Could not renew the leases of running jobs: {}", e.toString());
                }
            }
        }
    }

    private void run(JobHandler handler, Job job) {
        inFlight.add(job.id());
        try {
            handler.handle(job);
            repo.succeed(job.id(), node, clock.instant());
            count("succeeded", handler.queue());
        } catch (PermanentJobFailure e) {
            repo.dead(job.id(), node, clock.instant(), describe(e));
            count("dead", handler.queue());
        } catch (Exception e) {
            if (job.lastAttempt()) {
                repo.dead(job.id(), node, clock.instant(), describe(e));
                count("dead", handler.queue());
            } else {
                repo.retry(job.id(), node, clock.instant().plus(backoff(job.attempt())), describe(e));
                count("retried", handler.queue());
            }
            log.info("Job {} of {} failed on attempt {}/{}: {}", job.id(), handler.queue(), job.attempt(),
                    job.maxAttempts(), describe(e));
        } finally {
            inFlight.remove(job.id());
        }
    }

    Duration backoff(int attempt) {
        long factor = 1L << Math.min(20, Math.max(0, attempt - 1));
        Duration d = settings.backoffBase().multipliedBy(factor);
        return d.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : d;
    }

    /** The exception's type and message, never its cause chain (which may quote payloads). */
    private static String describe(Exception e) {
        String m = e.getMessage();
        String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return s.length() > 500 ? s.substring(0, 500) : s;
    }

    private void count(String outcome, String queue) {
        Counter.builder("charter.jobs.finished").tag("queue", queue).tag("outcome", outcome).register(meters).increment();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
