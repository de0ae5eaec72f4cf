package dev.charter.jobs.internal;

import dev.charter.storage.DatabaseTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes idle dispatchers when a job is enqueued on any node: one connection per node LISTENs on
 * the {@code jobs_new} channel, which enqueue notifies at commit. Polling remains the fallback, so
 * a lost notification delays a job by at most the poll interval.
 */
@Component
class QueueNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueNotifications.class);

    private final DatabaseTarget database;
    private final JobsSettings settings;
    private final Map<String, Semaphore> signals = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread listener;

    QueueNotifications(DatabaseTarget database, JobsSettings settings) {
        this.database = database;
        this.settings = settings;
    }

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

    @Override
    public void start() {
        if (!settings.enabled()) {
            return;
        }
        running = true;
        listener = new Thread(this::listen, "jobs-listen");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }

    private void listen() {
        while (running) {
            try (Connection c = DriverManager.getConnection(database.url(), database.appUser(), database.appPassword())) {
                try (Statement st = c.createStatement()) {
                    st.execute("listen jobs_new");
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] batch = pg.getNotifications(1000);
                    if (batch != null) {
                        for (PGNotification n : batch) {
                            wake(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.debug("Queue listener reconnecting: {}", e.toString());
                    try {
                        Thread.sleep(settings.pollInterval().toMillis());
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }
}
