package dev.charter.perfcases.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PRF-6: what the sandbox promises, checked from inside a real bubblewrap sandbox: its own namespaces, no
 * capabilities, seccomp on, a read-only system, no network but loopback with nothing on it, no name resolution,
 * limits in effect; and from outside: a fork bomb, a memory hog, a CPU spinner and a sleeper are contained, and
 * nothing of a sandbox is left after it ends.
 */
@Tag("claim:PRF-6")
class SandboxTest {

    @TempDir
    static Path tmp;
    static Sandboxes sandboxes;
    static ServerSocket hostListener;

    @BeforeAll
    static void start() throws IOException {
        // the sandbox's own host user must be able to pass through the folders above its work folder
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        sandboxes = new Sandboxes(new SandboxSettings(Path.of("/usr/bin/bwrap"), tmp.resolve("sandboxes"), 200000, 10000));
        hostListener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    }

    @AfterAll
    static void stop() throws IOException {
        hostListener.close();
    }

    private static SandboxResult sh(String script, SandboxLimits limits) {
        return sandboxes.runOnce(new SandboxSpec("t-" + System.nanoTime(), List.of("/bin/sh", "-c", script), Map.of(),
                null, limits));
    }

    @Test
    void runsInItsOwnNamespacesWithoutCapabilitiesUnderSeccomp() throws IOException {
        SandboxResult r = sh("""
                id -u; hostname
                grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status
                for n in user mnt pid ipc uts net cgroup; do echo "ns $n $(readlink /proc/self/ns/$n)"; done
                echo "pids $(ls /proc | grep -c '^[0-9]')"
                """, SandboxLimits.DEFAULT);
        assertThat(r.succeeded()).as(r.stderr()).isTrue();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("1000");
        assertThat(lines.get(1)).isEqualTo("sandbox");
        assertThat(lines).contains("CapInh:\t0000000000000000", "CapPrm:\t0000000000000000",
                "CapEff:\t0000000000000000", "CapBnd:\t0000000000000000", "CapAmb:\t0000000000000000",
                "NoNewPrivs:\t1", "Seccomp:\t2");
        for (String ns : List.of("user", "mnt", "pid", "ipc", "uts", "net", "cgroup")) {
            String host = Files.readSymbolicLink(Path.of("/proc/self/ns/" + ns)).toString();
            String inside = lines.stream().filter(l -> l.startsWith("ns " + ns + " ")).findFirst().orElseThrow()
                    .substring(("ns " + ns + " ").length());
            assertThat(inside).as(ns + " namespace").startsWith(ns + ":[").isNotEqualTo(host);
        }
        // the shell, its children and bubblewrap's PID 1: a handful, not the host's processes
        int pids = Integer.parseInt(lines.stream().filter(l -> l.startsWith("pids ")).findFirst().orElseThrow().substring(5));
        assertThat(pids).isBetween(2, 6);
    }

    @Test
    void limitsAreInEffectInside() {
        SandboxLimits limits = new SandboxLimits(Duration.ofSeconds(7), 512L << 20, 33, 5L << 20, 77, Duration.ofMinutes(2));
        SandboxResult r = sh("cat /proc/self/limits", limits);
        assertThat(r.succeeded()).as(r.stderr()).isTrue();
        assertThat(r.stdout()).containsPattern("Max cpu time\\s+7\\s+7\\s+seconds")
                .containsPattern("Max address space\\s+536870912\\s+536870912\\s+bytes")
                .containsPattern("Max processes\\s+33\\s+33\\s+processes")
                .containsPattern("Max file size\\s+5242880\\s+5242880\\s+bytes")
                .containsPattern("Max open files\\s+77\\s+77\\s+files")
                .containsPattern("Max core file size\\s+0\\s+0\\s+bytes");
    }

    @Test
    void theSystemIsReadOnlyAndOnlyTheWorkFolderIsWritable() {
        SandboxResult r = sh("""
                for f in /usr/x /etc/x /x /run/x; do (echo > $f) 2>/dev/null && echo "wrote $f" || echo "refused $f"; done
                echo ok > /workspace/x && cat /workspace/x
                ls /etc
                """, SandboxLimits.DEFAULT);
        assertThat(r.stdout()).contains("refused /usr/x", "refused /etc/x", "refused /x", "refused /run/x")
                .doesNotContain("wrote ").contains("ok");
        assertThat(r.stdout()).doesNotContain("resolv.conf", "hosts", "passwd", "shadow");
    }

    @Test
    void thereIsNoNetworkButAnEmptyLoopbackAndNoNameResolution() {
        int hostPort = hostListener.getLocalPort();
        SandboxResult r = sh("""
                cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '
                echo "tcp-listeners $(tail -n +2 /proc/net/tcp | wc -l)"
                python3 - <<'PY'
                import socket
                for host in ("127.0.0.1", "192.0.2.1", "1.1.1.1"):
                    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM); s.settimeout(3)
                    try:
                        s.connect((host, %d)); print("connected", host)
                    except OSError as e:
                        print("refused", host, e.errno)
                try:
                    print("resolved", socket.getaddrinfo("example.org", 443))
                except OSError as e:
                    print("no dns", e)
                PY
                """.formatted(hostPort), SandboxLimits.DEFAULT);
        assertThat(r.stdout().lines().toList()).startsWith("lo").contains("tcp-listeners 0");
        assertThat(r.stdout()).contains("refused 127.0.0.1", "refused 192.0.2.1", "refused 1.1.1.1", "no dns")
                .doesNotContain("connected", "resolved");
    }

    @Test
    void theSeccompFilterRefusesNamespacesPtraceMountsKeysBpfAndOtherSocketFamilies() {
        SandboxResult r = sh("""
                unshare -U true 2>/dev/null && echo "unshare allowed" || echo "unshare refused"
                python3 - <<'PY'
                import ctypes, socket, os
                libc = ctypes.CDLL(None, use_errno=True)
                for name, nr, args in (("ptrace", 101, (16, 1, 0, 0)), ("mount", 165, (0, 0, 0, 0)),
                                       ("keyctl", 250, (0, 0, 0, 0)), ("bpf", 321, (0, 0, 0, 0)),
                                       ("unshare", 272, (0x10000000, 0, 0, 0)), ("setns", 308, (0, 0, 0, 0))):
                    rc = libc.syscall(nr, *args)
                    print(name, rc, ctypes.get_errno())
                for fam, label in ((socket.AF_INET6, "inet6"), (socket.AF_NETLINK, "netlink"), (socket.AF_PACKET, "packet")):
                    try:
                        socket.socket(fam, socket.SOCK_DGRAM); print(label, "allowed")
                    except OSError as e:
                        print(label, "refused", e.errno)
                socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); print("unix allowed")
                socket.socket(socket.AF_INET, socket.SOCK_STREAM); print("inet allowed")
                pid = os.fork()
                if pid == 0: os._exit(0)
                os.waitpid(pid, 0); print("fork allowed")
                PY
                """, SandboxLimits.DEFAULT);
        assertThat(r.stdout()).as(r.stderr()).contains("unshare refused", "ptrace -1 1", "mount -1 1", "keyctl -1 1",
                "bpf -1 1", "unshare -1 1", "setns -1 1", "inet6 refused 97", "netlink refused 97",
                "packet refused 97", "unix allowed", "inet allowed", "fork allowed");
    }

    @Test
    void theWorkFolderIsFreshAndGoneAfterwards() throws IOException {
        Path work;
        try (Sandbox s = sandboxes.prepare(SandboxSpec.of("fresh", "/bin/sh", "-c",
                "ls -A /workspace; cat /workspace/seed.txt; head -c 1000 /dev/urandom > /workspace/made.bin; mkdir -p /workspace/a/b; chmod 500 /workspace/a"))) {
            work = s.workFolder();
            s.put("seed.txt", "seeded");
            SandboxResult r = s.run();
            assertThat(r.succeeded()).as(r.stderr()).isTrue();
            assertThat(r.stdout()).isEqualTo("home\nseed.txt\nseeded");
            assertThat(work.resolve("made.bin")).exists();
        }
        assertThat(work).doesNotExist();
        assertThat(work.getParent()).doesNotExist();
        assertThat(sandboxes.openCount()).isZero();
    }

    @Test
    void aForkBombIsContainedAndLeavesNothingBehind() throws IOException {
        SandboxLimits limits = SandboxLimits.DEFAULT.withProcesses(40).withWallClock(Duration.ofSeconds(15));
        int uid;
        try (Sandbox s = sandboxes.prepare(SandboxSpec.of("bomb", "/bin/sh", "-c",
                "grep 'Max processes' /proc/self/limits; b() { b | b & }; b; sleep 600").withLimits(limits))) {
            uid = s.hostUid();
            SandboxResult r = s.run();
            assertThat(r.stdout()).containsPattern("^Max processes\\s+40\\s+40");
        }
        assertThat(processesOf(uid)).as("processes left of host user " + uid).isEmpty();
        // the host still forks
        assertThat(sandboxes.runOnce(SandboxSpec.of("after", "/bin/true")).succeeded()).isTrue();
    }

    @Test
    void aMemoryHogFailsAtItsLimit() {
        SandboxLimits limits = SandboxLimits.DEFAULT.withMemoryBytes(128L << 20);
        SandboxResult r = sh("head -c 400000000 /dev/zero | tail > /dev/null; echo \"tail $?\"", limits);
        assertThat(r.stdout()).contains("tail ").doesNotContain("tail 0");
        assertThat(r.stderr()).containsIgnoringCase("memory");
    }

    @Test
    void aCpuSpinnerIsKilledAtItsCpuLimitAndASleeperAtTheWallClock() throws IOException {
        SandboxResult spin = sh("while :; do :; done", SandboxLimits.DEFAULT.withCpu(Duration.ofSeconds(1))
                .withWallClock(Duration.ofMinutes(2)));
        assertThat(spin.timedOut()).isFalse();
        assertThat(spin.exitCode()).isNotZero();

        int uid;
        try (Sandbox s = sandboxes.prepare(SandboxSpec.of("sleeper", "/bin/sh", "-c", "sleep 300 & sleep 300")
                .withLimits(SandboxLimits.DEFAULT.withWallClock(Duration.ofSeconds(2))))) {
            uid = s.hostUid();
            SandboxResult r = s.run();
            assertThat(r.timedOut()).isTrue();
            assertThat(r.exitCode()).isEqualTo(-1);
        }
        assertThat(processesOf(uid)).isEmpty();
    }

    /** Host processes whose real user is {@code uid} (none when the sandboxes run as Charter's own user). */
    static List<String> processesOf(int uid) throws IOException {
        if (uid < 0) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    for (String l : Files.readAllLines(p.resolve("status"))) {
                        if (l.startsWith("Uid:") && l.split("\\s+")[1].equals(Integer.toString(uid))) {
                            found.add(p.getFileName().toString());
                        }
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }
}
