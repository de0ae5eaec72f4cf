package dev.charter.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers hand over an item and wait; a few writer threads each take whatever has queued up (up
 * to a group's size), write it in one go (one transaction, one WAL flush) and release every caller once it is
 * committed. A lone item is written at once: nothing waits for a group to fill. A group that fails is retried
 * item by item, so only the items that fail alone are refused.
 *
 * <p>The owner starts and stops it with its own lifecycle. While stopped, and for an item no writer took in
 * time, {@link #write} answers false: nothing of that item was written, and the caller decides what to do.
 *
 * @param <T> what is written
 */
public final class GroupWriter<T> {

    private static final Logger log = LoggerFactory.getLogger(GroupWriter.class);

    private record Pending<T>(T item, CompletableFuture<Boolean> done) {}

    private final String name;
    private final int threads;
    private final int maxGroup;
    private final Consumer<List<T>> write;
    private final IntConsumer written;
    private final BlockingQueue<Pending<T>> queue;
    private volatile boolean running;
    private List<Thread> writers = List.of();

    /**
     * @param name     prefix of the writer threads' names
     * @param threads  writer threads; two keep one group filling while the other commits
     * @param maxGroup most items written together
     * @param capacity most items waiting for a writer
     * @param write    writes a group in one transaction, or throws and leaves nothing of it
     * @param written  told the size of every group written, for metrics
     */
    public GroupWriter(String name, int threads, int maxGroup, int capacity, Consumer<List<T>> write, IntConsumer written) {
        if (threads < 1 || maxGroup < 1 || capacity < 1) {
            throw new IllegalArgumentException("threads, group size and capacity must be at least 1");
        }
        this.name = name;
        this.threads = threads;
        this.maxGroup = maxGroup;
        this.write = write;
        this.written = written;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Hands the item to a writer and waits until its group is committed.
     *
     * @param wait how long to wait for room in the queue, and again for a writer to take the item
     * @return true once written; false when no writer took it (stopped, queue full, or not taken within
     *         {@code wait}): nothing of it was written
     * @throws RuntimeException why the item could not be written, even alone
     */
    public boolean write(T item, Duration wait) {
        if (!running) {
            return false;
        }
        var p = new Pending<T>(item, new CompletableFuture<>());
        long millis = wait.toMillis();
        try {
            if (!queue.offer(p, millis, TimeUnit.MILLISECONDS)) {
                return false;
            }
            if (!running && queue.remove(p)) { // stopped meanwhile, perhaps after the writers' last look
                return false;
            }
            try {
                return p.done.get(millis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (queue.remove(p)) {
                    return false;
                }
                return p.done.get(); // a writer holds it: its transaction decides
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (queue.remove(p)) {
                return false;
            }
            try {
                return p.done.join(); // the writer decides; the caller must not act before it has
            } catch (CompletionException c) {
                throw unwrap(c.getCause());
            }
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** Items waiting for a writer. */
    public int waiting() {
        return queue.size();
    }

    public boolean isRunning() {
        return running;
    }

    public void start() {
        running = true;
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::run, name + "-" + i);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        writers = started;
    }

    /** Takes no more items, writes those already taken, and answers false to any still waiting. */
    public void stop() {
        running = false;
        for (Thread t : writers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        writers = List.of();
        for (Pending<T> p; (p = queue.poll()) != null; ) {
            p.done.complete(false);
        }
    }

    private void run() {
        List<Pending<T>> group = new ArrayList<>(maxGroup);
        while (running || !queue.isEmpty()) {
            try {
                Pending<T> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                store(group);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                log.error("{}: writing a group failed; its callers were told", name, e);
                group.forEach(p -> p.done.completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void store(List<Pending<T>> group) {
        try {
            write.accept(group.stream().map(Pending::item).toList());
            written.accept(group.size());
            group.forEach(p -> p.done.complete(true));
        } catch (RuntimeException groupFailed) {
            if (group.size() == 1) {
                group.get(0).done.completeExceptionally(groupFailed);
                return;
            }
            for (Pending<T> p : group) { // one at a time, so one bad item fails alone
                try {
                    write.accept(List.of(p.item()));
                    written.accept(1);
                    p.done.complete(true);
                } catch (RuntimeException e) {
                    p.done.completeExceptionally(e);
                }
            }
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
}
