package dev.charter.perfcases.agent.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sandbox's seccomp filter as a classic BPF program, in the form {@code bwrap --seccomp FD} reads (an array of
 * {@code struct sock_filter}, native byte order). Built here rather than with libseccomp so there is nothing to
 * install and the rules are readable in one place.
 *
 * <p>Rules, in order: a foreign architecture (or the x32 ABI) kills the process; the syscalls in {@link #DENIED}
 * fail with {@code EPERM}; {@code clone} with any namespace flag fails with {@code EPERM}; {@code clone3} fails with
 * {@code ENOSYS} (its flags live in memory a filter cannot read, and C libraries fall back to {@code clone});
 * {@code socket} for any family but {@code AF_UNIX} and {@code AF_INET} fails with {@code EAFNOSUPPORT};
 * everything else is allowed.
 */
public final class SeccompFilter {

    /** x86_64 syscall numbers denied outright: debugging other processes, mounts, namespaces, kernel keys and
     * modules, BPF, perf, kexec, reboot, swap, accounting, handles that bypass paths, userfaultfd, io_uring. */
    static final Map<String, Integer> DENIED = Map.ofEntries(
            Map.entry("ptrace", 101), Map.entry("process_vm_readv", 310), Map.entry("process_vm_writev", 311),
            Map.entry("mount", 165), Map.entry("umount2", 166), Map.entry("pivot_root", 155), Map.entry("chroot", 161),
            Map.entry("open_tree", 428), Map.entry("move_mount", 429), Map.entry("fsopen", 430),
            Map.entry("fsconfig", 431), Map.entry("fsmount", 432), Map.entry("fspick", 433),
            Map.entry("mount_setattr", 442), Map.entry("unshare", 272), Map.entry("setns", 308),
            Map.entry("keyctl", 250), Map.entry("add_key", 248), Map.entry("request_key", 249),
            Map.entry("bpf", 321), Map.entry("perf_event_open", 298), Map.entry("userfaultfd", 323),
            Map.entry("init_module", 175), Map.entry("finit_module", 313), Map.entry("delete_module", 176),
            Map.entry("kexec_load", 246), Map.entry("kexec_file_load", 320), Map.entry("reboot", 169),
            Map.entry("swapon", 167), Map.entry("swapoff", 168), Map.entry("acct", 163),
            Map.entry("open_by_handle_at", 304), Map.entry("name_to_handle_at", 303),
            Map.entry("io_uring_setup", 425), Map.entry("io_uring_enter", 426), Map.entry("io_uring_register", 427),
            Map.entry("personality", 135), Map.entry("syslog", 103), Map.entry("quotactl", 179),
            Map.entry("lookup_dcookie", 212), Map.entry("vhangup", 153), Map.entry("settimeofday", 164),
            Map.entry("clock_settime", 227), Map.entry("adjtimex", 159), Map.entry("clock_adjtime", 305));

    static final int SYS_SOCKET = 41;
    static final int SYS_CLONE = 56;
    static final int SYS_CLONE3 = 435;
    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    /** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET (and NEWTIME, 0x80). */
    static final int CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000
            | 0x20000000 | 0x40000000 | 0x00000080;

    private static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    private static final int X32_SYSCALL_BIT = 0x40000000;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final int EAFNOSUPPORT = 97;

    private static final int RET_ALLOW = 0x7fff0000;
    private static final int RET_ERRNO = 0x00050000;
    private static final int RET_KILL_PROCESS = 0x80000000;

    private static final short LD_W_ABS = 0x20;
    private static final short JEQ_K = 0x15;
    private static final short JGE_K = 0x35;
    private static final short AND_K = 0x54;
    private static final short RET_K = 0x06;

    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;
    private static final int OFFSET_ARG0_LOW = 16;

    private record Insn(short code, int jt, int jf, int k) {}

    private SeccompFilter() {}

    /** True on the one architecture the syscall numbers above are for. */
    public static boolean supported() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    /** The program as bytes for {@code bwrap --seccomp}. */
    public static byte[] program() {
        if (!supported()) {
            throw new IllegalStateException("the sandbox's seccomp filter is written for x86_64, not "
                    + System.getProperty("os.arch"));
        }
        List<Insn> p = new ArrayList<>();
        p.add(new Insn(LD_W_ABS, 0, 0, OFFSET_ARCH));
        p.add(new Insn(JEQ_K, 1, 0, AUDIT_ARCH_X86_64));
        p.add(ret(RET_KILL_PROCESS));
        p.add(new Insn(LD_W_ABS, 0, 0, OFFSET_NR));
        p.add(new Insn(JGE_K, 0, 1, X32_SYSCALL_BIT));
        p.add(ret(RET_KILL_PROCESS));
        for (int nr : DENIED.values().stream().sorted().toList()) {
            p.add(new Insn(JEQ_K, 0, 1, nr));
            p.add(ret(RET_ERRNO | EPERM));
        }
        p.add(new Insn(JEQ_K, 0, 1, SYS_CLONE3));
        p.add(ret(RET_ERRNO | ENOSYS));
        // clone: refuse namespace flags (arg 0, low word)
        p.add(new Insn(JEQ_K, 0, 4, SYS_CLONE));
        p.add(new Insn(LD_W_ABS, 0, 0, OFFSET_ARG0_LOW));
        p.add(new Insn(AND_K, 0, 0, CLONE_NAMESPACES));
        p.add(new Insn(JEQ_K, 1, 0, 0));
        p.add(ret(RET_ERRNO | EPERM));
        // (the clone check falls through to here with A = flags & namespaces == 0, or A = syscall number when the
        // syscall was not clone; reload the number so the socket check sees it)
        p.add(new Insn(LD_W_ABS, 0, 0, OFFSET_NR));
        p.add(new Insn(JEQ_K, 0, 4, SYS_SOCKET));
        p.add(new Insn(LD_W_ABS, 0, 0, OFFSET_ARG0_LOW));
        p.add(new Insn(JEQ_K, 2, 0, AF_UNIX));
        p.add(new Insn(JEQ_K, 1, 0, AF_INET));
        p.add(ret(RET_ERRNO | EAFNOSUPPORT));
        p.add(ret(RET_ALLOW));
        ByteBuffer b = ByteBuffer.allocate(p.size() * 8).order(ByteOrder.nativeOrder());
        for (Insn i : p) {
            b.putShort(i.code()).put((byte) i.jt()).put((byte) i.jf()).putInt(i.k());
        }
        return b.array();
    }

    private static Insn ret(int value) {
        return new Insn(RET_K, 0, 0, value);
    }
}
