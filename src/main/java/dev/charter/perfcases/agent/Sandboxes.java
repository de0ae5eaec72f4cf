package dev.charter.perfcases.agent;

import dev.charter.perfcases.agent.internal.BwrapCommand;
import dev.charter.perfcases.agent.internal.SeccompFilter;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes agent sandboxes (PRF-6). Each {@link Sandbox} has its own user, mount, PID, IPC, UTS, cgroup and network
 * namespaces (only loopback inside, nothing listening), no capabilities, the seccomp filter of
 * {@link SeccompFilter}, a read-only system, a fresh work folder at {@link #WORK} and, when the session has one, its
 * egress socket at {@link #EGRESS_SOCKET}; there is no {@code /etc/resolv.conf} or {@code /etc/hosts}, so no name
 * resolves. Closing a sandbox kills whatever still runs in it and deletes its folder; sandboxes still open when
 * Charter stops are closed too.
 */
@Component
public class Sandboxes {

    /** The work folder inside. */
    public static final String WORK = "/workspace";
    /** Where the session's egress socket appears inside. */
    public static final String EGRESS_SOCKET = "/run/egress.sock";
    /** Output kept from each stream. */
    public static final int MAX_OUTPUT_CHARS = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Sandboxes.class);

    private final SandboxSettings settings;
    private final Path root;
    private final boolean asRoot;
    /** Shared by every instance in this JVM and started at a random point, so two sandboxes alive at once do not
     * share a host user (unless more than {@code uidCount} are). */
    private static final AtomicInteger nextUid = new AtomicInteger(new java.security.SecureRandom().nextInt(1 << 20));
    private final Set<Sandbox> open = ConcurrentHashMap.newKeySet();

    public Sandboxes(SandboxSettings settings) {
        this.settings = settings;
        this.root = settings.root() != null ? settings.root()
                : Path.of(System.getProperty("java.io.tmpdir"), "charter-sandboxes");
        this.asRoot = runningAsRoot();
    }

    /** True when bubblewrap is installed and the seccomp filter fits this machine. */
    public boolean available() {
        return Files.isExecutable(settings.bwrap()) && SeccompFilter.supported();
    }

    /** Makes a sandbox with a fresh, empty work folder; nothing runs until {@link Sandbox#run()}. */
    public Sandbox prepare(SandboxSpec spec) {
        if (!available()) {
            throw new IllegalStateException("agent sandboxes need bubblewrap at " + settings.bwrap()
                    + " on x86_64; install the bubblewrap package");
        }
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            Path dir = Files.createTempDirectory(root, spec.sessionId() + "-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Path host = Files.createDirectory(dir.resolve("host"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path work = Files.createDirectory(dir.resolve("work"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createDirectory(work.resolve("home"));
            int uid = asRoot ? settings.firstUid() + Math.floorMod(nextUid.getAndIncrement(), settings.uidCount()) : -1;
            if (uid >= 0) {
                Files.setAttribute(work, "unix:uid", uid);
                Files.setAttribute(work, "unix:gid", uid);
                Files.setAttribute(work.resolve("home"), "unix:uid", uid);
                Files.setAttribute(work.resolve("home"), "unix:gid", uid);
            }
            Path filter = host.resolve("seccomp.bpf");
            Files.write(filter, SeccompFilter.program());
            Sandbox s = new Sandbox(spec, dir, work, host, uid,
                    inside -> BwrapCommand.build(settings.bwrap(), spec.withCommand(inside), work, filter, uid), this::forget);
            open.add(s);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the sandbox's folder under " + root, e);
        }
    }

    /** Runs one command in a fresh sandbox and destroys it. */
    public SandboxResult runOnce(SandboxSpec spec) {
        try (Sandbox s = prepare(spec)) {
            return s.run();
        }
    }

    /** Sandboxes made and not yet closed. */
    public int openCount() {
        return open.size();
    }

    private void forget(Sandbox s) {
        open.remove(s);
    }

    @PreDestroy
    void closeAll() {
        for (Sandbox s : List.copyOf(open)) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("Could not destroy sandbox {}: {}", s.sessionId(), e.getMessage());
            }
        }
    }

    static boolean runningAsRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
