package dev.charter.pilots.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a delivery waits for its run's {@code reply} step (Pilots II, answering the caller): the node that runs the
 * step hands the answer over at once; a run on another node is found in its step records, looked at a few times a
 * second. The wait is bounded; past it the delivery answers 202 as before.
 */
@Component
class Replies {

    /** What the delivery answers with. */
    record Reply(int status, Map<String, String> headers, Object body) {}

    private final Map<UUID, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;
    private final JsonMapper json;

    Replies(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Called by the reply step on the node that runs it. */
    void replied(UUID run, Reply reply) {
        CompletableFuture<Reply> f = waiting.get(run);
        if (f != null) {
            f.complete(reply);
        }
    }

    /** The run's reply, waiting at most {@code bound}; empty when it has none by then. */
    Optional<Reply> await(UUID run, Duration bound) {
        CompletableFuture<Reply> f = waiting.computeIfAbsent(run, k -> new CompletableFuture<>());
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            while (true) {
                Optional<Reply> recorded = recorded(run);
                if (recorded.isPresent() || ended(run)) {
                    return recorded.isPresent() ? recorded : recorded(run);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    // the local hand-over wakes this at once; the step records answer for runs on another node
                    return Optional.of(f.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    // look at the records again
                } catch (java.util.concurrent.ExecutionException e) {
                    return Optional.empty();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            waiting.remove(run, f);
        }
    }

    /** True when the run has ended: a reply that is not recorded by then will not come. */
    private boolean ended(UUID run) {
        return jdbc.sql("select status in ('SUCCEEDED', 'FAILED', 'STOPPED') from pilots_run where id = ?").param(run)
                .query(Boolean.class).optional().orElse(true);
    }

    /** A reply step's recorded output. */
    @SuppressWarnings("unchecked")
    private Optional<Reply> recorded(UUID run) {
        var rows = jdbc.sql("""
                select s.output::text from pilots_step_run s
                where s.run_id = ? and s.kind = 'reply' and s.status = 'SUCCEEDED' order by s.position limit 1""")
                .param(run).query(String.class).list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> out = json.readValue(rows.get(0), Map.class);
        Object headers = out.get("headers");
        return Optional.of(new Reply(((Number) out.getOrDefault("status", 200)).intValue(),
                headers instanceof Map<?, ?> h ? (Map<String, String>) h : Map.of(), out.get("body")));
    }
}
