package dev.charter.perfcases.agent.internal;

import dev.charter.perfcases.agent.SandboxLimits;
import dev.charter.perfcases.agent.SandboxSpec;
import dev.charter.perfcases.agent.Sandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The command line that starts one sandbox:
 * {@code sh -c 'exec 9<filter; exec "$@"'} (the seccomp program on descriptor 9, which Java cannot pass itself),
 * then, when Charter runs as root, {@code setpriv} to the sandbox's own unprivileged host user, then {@code prlimit}
 * with the resource limits, then {@code bwrap} with every namespace, no capabilities, a read-only system, a fresh
 * work folder and the egress socket as the only thing from outside.
 */
public final class BwrapCommand {

    /** The user and group the command sees inside. */
    public static final int INSIDE_ID = 1000;
    static final int SECCOMP_FD = 9; // dash redirects single-digit descriptors only
    private static final List<String> SYSTEM_SYMLINKS = List.of("bin", "lib", "lib64", "sbin");
    /** Configuration the system's programs need, bound read-only when present (the JDK reads its own). */
    private static final List<String> ETC_READ_ONLY = List.of("/etc/alternatives", "/etc/java-17-openjdk",
            "/etc/java-21-openjdk", "/etc/ssl/certs", "/etc/localtime");

    private BwrapCommand() {}

    /**
     * @param hostUid the unprivileged host user to switch to, or -1 when Charter does not run as root (bubblewrap
     *                then runs as Charter's own user)
     */
    public static List<String> build(Path bwrap, SandboxSpec spec, Path work, Path filter, int hostUid) {
        List<String> c = new ArrayList<>(List.of("/bin/sh", "-c", "exec " + SECCOMP_FD + "<\"$0\"; exec \"$@\"",
                filter.toString()));
        if (hostUid >= 0) {
            c.addAll(List.of("/usr/bin/setpriv", "--reuid", Integer.toString(hostUid), "--regid", Integer.toString(hostUid),
                    "--clear-groups", "--"));
        }
        SandboxLimits l = spec.limits();
        c.addAll(List.of("/usr/bin/prlimit", "--cpu=" + Math.max(1, l.cpu().toSeconds()), "--as=" + l.memoryBytes(),
                "--nproc=" + l.processes(), "--fsize=" + l.fileBytes(), "--nofile=" + l.openFiles(), "--core=0",
                "--"));
        c.add(bwrap.toString());
        c.addAll(List.of("--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--uid", Integer.toString(INSIDE_ID), "--gid", Integer.toString(INSIDE_ID), "--hostname", "sandbox"));
        c.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String link : SYSTEM_SYMLINKS) {
            if (Files.isDirectory(Path.of("/usr", link))) {
                c.addAll(List.of("--symlink", "usr/" + link, "/" + link));
            }
        }
        for (String etc : ETC_READ_ONLY) {
            if (Files.exists(Path.of(etc))) {
                c.addAll(List.of("--ro-bind", etc, etc));
            }
        }
        c.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", Long.toString(64L << 20), "--tmpfs", "/tmp",
                "--bind", work.toString(), Sandboxes.WORK));
        if (spec.egressSocket() != null) {
            c.addAll(List.of("--dir", "/run", "--ro-bind", spec.egressSocket().toString(), Sandboxes.EGRESS_SOCKET));
        }
        c.addAll(List.of("--remount-ro", "/", "--clearenv"));
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", Sandboxes.WORK + "/home");
        env.put("LANG", "C.UTF-8");
        env.put("TMPDIR", "/tmp");
        env.put("CHARTER_SESSION", spec.sessionId());
        if (spec.egressSocket() != null) {
            env.put("CHARTER_EGRESS_SOCKET", Sandboxes.EGRESS_SOCKET);
        }
        env.putAll(spec.env());
        env.forEach((k, v) -> c.addAll(List.of("--setenv", k, v)));
        c.addAll(List.of("--chdir", Sandboxes.WORK, "--seccomp", Integer.toString(SECCOMP_FD), "--"));
        c.addAll(spec.command());
        return c;
    }
}
