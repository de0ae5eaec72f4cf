package dev.charter.perfcases.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One agent sandbox: a work folder the caller may fill before {@link #run()}, one run of the spec's command, and
 * {@link #close()}, which kills anything left and deletes the folder with everything in it. Use it in
 * try-with-resources so a failure destroys it too.
 *
 * <p>An agent session instead runs several commands in turn on the same work folder with {@link #exec}: each one in
 * a fresh bubblewrap with the same namespaces, limits, filter and socket, and nothing of the one before left running.
 */
public final class Sandbox implements AutoCloseable {

    private final SandboxSpec spec;
    private final Path dir;
    private final Path work;
    private final Path host;
    private final int hostUid;
    private final List<String> command;
    private final java.util.function.Function<List<String>, List<String>> commandFor;
    private final Consumer<Sandbox> onClose;
    private Process process;
    private boolean closed;

    Sandbox(SandboxSpec spec, Path dir, Path work, Path host, int hostUid,
            java.util.function.Function<List<String>, List<String>> commandFor, Consumer<Sandbox> onClose) {
        this.spec = spec;
        this.dir = dir;
        this.work = work;
        this.host = host;
        this.hostUid = hostUid;
        this.commandFor = commandFor;
        this.command = commandFor.apply(spec.command());
        this.onClose = onClose;
    }

    public String sessionId() {
        return spec.sessionId();
    }

    /** The work folder on the host (it is {@link Sandboxes#WORK} inside); gone after {@link #close()}. */
    public Path workFolder() {
        return work;
    }

    /** Writes a file into the work folder before the run, owned by the sandbox's user. */
    public Path put(String relative, String content) {
        Path p = work.resolve(relative).normalize();
        if (!p.startsWith(work)) {
            throw new IllegalArgumentException("'" + relative + "' is outside the work folder");
        }
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
            if (hostUid >= 0) {
                for (Path q = p; !q.equals(work); q = q.getParent()) {
                    Files.setAttribute(q, "unix:uid", hostUid);
                    Files.setAttribute(q, "unix:gid", hostUid);
                }
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host user the sandbox runs as, or -1 when it runs as Charter's own user. */
    public int hostUid() {
        return hostUid;
    }

    /** Runs the command and waits until it ends or the wall clock runs out (then everything inside is killed). */
    public synchronized SandboxResult run() {
        if (closed || process != null) {
            throw new IllegalStateException("a sandbox runs its command once");
        }
        long start = System.nanoTime();
        Path out = host.resolve("stdout");
        Path err = host.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        try {
            process = pb.start();
            boolean ended = process.waitFor(spec.limits().wallClock().toMillis(), TimeUnit.MILLISECONDS);
            // also after a normal end: what the command left running dies with the sandbox
            kill();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new SandboxResult(ended ? process.exitValue() : -1, !ended, head(out), head(err), elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the sandbox", e);
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the sandbox ran", e);
        }
    }

    /**
     * Runs {@code inside} (a program and its arguments as seen inside) in a fresh sandbox on this work folder, and
     * waits until it ends or {@code timeout} runs out (then everything inside is killed). Standard output and error
     * arrive together, line by line (each cut at 4,000 characters), at {@code lines} as they are written.
     */
    public SandboxResult exec(List<String> inside, Duration timeout, Consumer<String> lines) {
        synchronized (this) {
            if (closed || (process != null && process.isAlive())) {
                throw new IllegalStateException(closed ? "the sandbox is closed" : "one command at a time");
            }
        }
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(commandFor.apply(List.copyOf(inside))).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        StringBuilder kept = new StringBuilder();
        Process p;
        try {
            synchronized (this) {
                process = p = pb.start();
            }
            Thread reader = new Thread(() -> readLines(p.getInputStream(), kept, lines), "sandbox-output");
            reader.setDaemon(true);
            reader.start();
            boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (this) {
                kill();
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            String out;
            synchronized (kept) {
                out = kept.toString();
            }
            return new SandboxResult(ended ? p.exitValue() : -1, !ended, out, "", elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the sandbox", e);
        } catch (InterruptedException e) {
            synchronized (this) {
                kill();
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the sandbox ran", e);
        }
    }

    private static void readLines(InputStream in, StringBuilder kept, Consumer<String> lines) {
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.length() > 4000) {
                    line = line.substring(0, 4000) + "…";
                }
                synchronized (kept) {
                    if (kept.length() < Sandboxes.MAX_OUTPUT_CHARS) {
                        kept.append(line).append('\n');
                    }
                }
                lines.accept(line);
            }
        } catch (IOException gone) {
            // the sandbox was killed while it wrote
        }
    }

    /** Kills the sandbox and deletes its folder; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            kill();
            deleteTree(dir);
        } finally {
            onClose.accept(this);
        }
    }

    private void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> inside = process.isAlive() ? process.descendants().toList() : List.of();
        if (process.isAlive()) {
            // bubblewrap's child is PID 1 of the sandbox with a parent-death signal: killing bubblewrap ends the
            // PID namespace and with it every process inside
            process.destroyForcibly();
        }
        inside.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && (process.isAlive() || inside.stream().anyMatch(ProcessHandle::isAlive)
                || !processesOf(hostUid).isEmpty())) {
            processesOf(hostUid).forEach(ProcessHandle::destroyForcibly);
            try {
                Thread.sleep(5); // the kernel reaps a killed namespace asynchronously; nothing to await on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Host processes whose real user is the sandbox's own host user (none to look for without one). */
    static List<ProcessHandle> processesOf(int uid) {
        if (uid < 0) {
            return List.of();
        }
        String id = Integer.toString(uid);
        List<ProcessHandle> found = new java.util.ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    boolean zombie = false;
                    for (String l : Files.readAllLines(p.resolve("status"))) {
                        // a zombie runs nothing and cannot be killed; it waits for its new parent (the host's init,
                        // which may reap only every few seconds) and must not hold up the end of a sandbox
                        if (l.startsWith("State:")) {
                            zombie = l.contains("Z (zombie)") || l.contains("X (dead)");
                        } else if (l.startsWith("Uid:") && !zombie && l.split("\\s+")[1].equals(id)) {
                            ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(found::add);
                        }
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static String head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(Sandboxes.MAX_OUTPUT_CHARS);
            return new String(b, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes without following links; folders the sandbox made unwritable are made writable first. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    try {
                        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
                    } catch (IOException ignored) {
                        // as root the permissions do not matter; otherwise the delete below says what failed
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.delete(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the sandbox folder " + root.getFileName(), e);
        }
    }
}
