package dev.charter.perfcases.agent;

import java.time.Duration;

/**
 * The resource limits of one sandbox. CPU time, address space, processes, file size and open files are kernel
 * resource limits set before the sandbox starts (they hold for every process inside); the wall clock is kept by
 * Charter, which kills the whole sandbox when it runs out.
 *
 * @param cpu         CPU time per process (RLIMIT_CPU); the kernel kills a process that uses more
 * @param memoryBytes address space per process (RLIMIT_AS)
 * @param processes   processes of the sandbox's user (RLIMIT_NPROC)
 * @param fileBytes   largest file a process may write (RLIMIT_FSIZE), output captured by Charter included
 * @param openFiles   open files per process (RLIMIT_NOFILE)
 * @param wallClock   time from start to the end of the sandbox, whatever runs inside
 */
public record SandboxLimits(Duration cpu, long memoryBytes, int processes, long fileBytes, int openFiles,
                            Duration wallClock) {

    /** Enough to clone, build and benchmark a mid-sized repository. */
    public static final SandboxLimits DEFAULT = new SandboxLimits(Duration.ofMinutes(10), 4L << 30, 256, 1L << 30,
            1024, Duration.ofMinutes(30));

    public SandboxLimits {
        if (cpu.toSeconds() < 1 || wallClock.isNegative() || wallClock.isZero()) {
            throw new IllegalArgumentException("a sandbox needs at least one second of CPU time and a positive wall clock");
        }
        if (memoryBytes < (16L << 20) || processes < 2 || fileBytes < 1024 || openFiles < 16) {
            throw new IllegalArgumentException("sandbox limits too small to start anything: memory >= 16 MiB, "
                    + "processes >= 2, file size >= 1 KiB, open files >= 16");
        }
    }

    public SandboxLimits withCpu(Duration d) {
        return new SandboxLimits(d, memoryBytes, processes, fileBytes, openFiles, wallClock);
    }

    public SandboxLimits withMemoryBytes(long b) {
        return new SandboxLimits(cpu, b, processes, fileBytes, openFiles, wallClock);
    }

    public SandboxLimits withProcesses(int n) {
        return new SandboxLimits(cpu, memoryBytes, n, fileBytes, openFiles, wallClock);
    }

    public SandboxLimits withWallClock(Duration d) {
        return new SandboxLimits(cpu, memoryBytes, processes, fileBytes, openFiles, d);
    }
}
