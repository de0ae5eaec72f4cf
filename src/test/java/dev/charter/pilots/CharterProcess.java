package dev.charter.pilots;

import dev.charter.testing.Http;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Charter as a separate operating-system process on 127.0.0.1, with its own data folder (and so its
 * own embedded PostgreSQL under {@code <dataDir>/postgres}). Built from the compiled main classes and
 * the runtime libraries of the test class path, without the test classes, so it runs the production
 * configuration. For tests that kill the process the way a crash would.
 */
final class CharterProcess {

    private final Path dataDir;
    private final int port;
    private final int databasePort;
    private final Map<String, String> env;
    private Process process;

    CharterProcess(Path dataDir, Map<String, String> env) {
        this.dataDir = dataDir;
        this.port = freePort();
        this.databasePort = freePort();
        this.env = env;
    }

    int port() {
        return port;
    }

    Http http() {
        return new Http(port);
    }

    /** Starts the process and waits until it answers ready. */
    void start() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", mainClassPath(),
                "dev.charter.CharterApplication");
        pb.environment().keySet().removeIf(k -> k.startsWith("CHARTER_"));
        pb.environment().putAll(env);
        pb.environment().put("CHARTER_DATA_DIR", dataDir.toString());
        pb.environment().put("CHARTER_PORT", Integer.toString(port));
        pb.environment().put("CHARTER_BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("CHARTER_DATABASE_EMBEDDED_PORT", Integer.toString(databasePort));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("charter.log").toFile()));
        try {
            Files.createDirectories(dataDir);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        Http http = http();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("Charter exited with " + process.exitValue() + "; see " + log());
            }
            try {
                if (http.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            sleep(250);
        }
        stop();
        throw new AssertionError("Charter did not become ready in 90 s; see " + log());
    }

    /**
     * SIGKILL, as a power cut or the OOM killer would: no shutdown hook runs. The embedded PostgreSQL
     * is a child process and survives that, so it is killed the same way, by the pid in its
     * postmaster.pid, as it would die with the machine. The restarted Charter recovers the cluster.
     */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(pg -> {
            pg.descendants().forEach(ProcessHandle::destroyForcibly);
            pg.destroyForcibly();
            pg.onExit().join();
        });
    }

    /** Stops a running process (SIGTERM, then SIGKILL) and its database. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(pg -> {
            pg.destroy();
            pg.onExit().completeOnTimeout(null, 20, java.util.concurrent.TimeUnit.SECONDS).join();
            if (pg.isAlive()) {
                pg.destroyForcibly();
            }
        });
    }

    Path log() {
        return dataDir.resolve("charter.log");
    }

    private Optional<Long> postmasterPid() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return Files.readAllLines(pidFile).stream().findFirst().map(String::strip).map(Long::parseLong);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The main classes and libraries; surefire puts the real class path in surefire.test.class.path. */
    static String mainClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes" + File.separator))
                .collect(Collectors.joining(File.pathSeparator));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
