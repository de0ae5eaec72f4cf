package dev.charter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** BENCHMARKS.md: a benchmark replaces its own section and leaves the others alone. */
public final class BenchmarksFile {

    private BenchmarksFile() {}

    /** Replaces the section starting with {@code heading} (up to the next "## "), or appends it. */
    public static void writeSection(String heading, String section) throws IOException {
        Path file = Path.of("BENCHMARKS.md");
        String existing = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\nFigures measured on the machines named in each section.\n";
        int start = existing.indexOf(heading + "\n");
        String updated;
        if (start < 0) {
            updated = existing.stripTrailing() + "\n\n" + section;
        } else {
            int next = existing.indexOf("\n## ", start + heading.length());
            updated = existing.substring(0, start) + section.stripTrailing() + "\n"
                    + (next < 0 ? "" : "\n" + existing.substring(next + 1));
        }
        Files.writeString(file, updated);
    }

    /** The machine, for the section's footer: CPU model, cores, OS, Java. */
    public static String machine() throws IOException {
        String cpu = "unknown CPU";
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            cpu = Files.readAllLines(info).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        }
        return "%s, %d cores visible, %s %s, Java %s".formatted(cpu, Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
    }
}
