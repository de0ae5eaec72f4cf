package dev.charter.jobs.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Wakes this node's idle dispatchers when a job it enqueued commits. Jobs enqueued on another node
 * are found by polling (every {@code charter.jobs.poll-interval}). PostgreSQL's LISTEN/NOTIFY was
 * tried first and dropped: NOTIFY takes a database-wide lock that is held through the commit's WAL
 * flush, which serialised every delivery behind one disk flush (about 400 accepts per second).
 */
@Component
class QueueNotifications {

    private final Map<String, Semaphore> signals = new ConcurrentHashMap<>();

    void await(String queue, Duration max) throws InterruptedException {
        Semaphore s = signal(queue);
        if (s.tryAcquire(max.toMillis(), TimeUnit.MILLISECONDS)) {
            s.drainPermits();
        }
    }

    void wake(String queue) {
        Semaphore s = signal(queue);
        if (s.availablePermits() == 0) {
            s.release();
        }
    }

    void wakeAll() {
        signals.keySet().forEach(this::wake);
    }

    private Semaphore signal(String queue) {
        return signals.computeIfAbsent(queue, q -> new Semaphore(0));
    }
}
