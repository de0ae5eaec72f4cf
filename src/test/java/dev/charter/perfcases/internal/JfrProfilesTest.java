package dev.charter.perfcases.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.shared.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JFR recording of a busy thread with a canary name: the summary holds its frames with sample counts, and
 * neither the thread's name nor anything else from the recording but frames and counts.
 */
class JfrProfilesTest {

    @TempDir Path dir;

    static volatile long sink;

    static long spin(AtomicBoolean stop) {
        long x = 0;
        while (!stop.get()) {
            for (int i = 0; i < 10_000; i++) {
                x += Long.rotateLeft(x ^ i, 7);
            }
        }
        return x;
    }

    @Test
    void keepsFramesAndSampleCountsAndNoThreadName() throws Exception {
        String canary = "cnry-thread-" + UUID.randomUUID();
        AtomicBoolean stop = new AtomicBoolean();
        Path file = dir.resolve("app.jfr");
        AtomicLong samples = new AtomicLong();
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.start();
            Thread busy = new Thread(() -> sink = spin(stop), canary);
            busy.start();
            // wait for samples of the busy thread rather than for a fixed time
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (samples.get() < 20 && System.nanoTime() < deadline) {
                r.dump(file);
                samples.set(JfrProfiles.summarize(file).frames().stream()
                        .filter(f -> f.name().endsWith("JfrProfilesTest.spin")).mapToLong(FlameSummary.Frame::total).sum());
            }
            stop.set(true);
            busy.join();
            r.stop();
            r.dump(file);
        }
        FlameSummary s = JfrProfiles.summarize(file);
        assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).contains(canary);
        FlameSummary.Frame spin = s.frames().stream().filter(f -> f.name().equals(JfrProfilesTest.class.getName() + ".spin"))
                .findFirst().orElseThrow();
        assertThat(spin.total()).isGreaterThanOrEqualTo(20);
        assertThat(spin.self()).isPositive().isLessThanOrEqualTo(spin.total());
        assertThat(s.samples()).isGreaterThanOrEqualTo(spin.total());
        assertThat(s.frames()).hasSizeLessThanOrEqualTo(FlameSummary.TOP);
        assertThat(s.toMap().toString()).doesNotContain(canary);
    }

    @Test
    void countsARecursiveFrameOncePerSampleInItsTotal() {
        FlameSummary.Builder b = new FlameSummary.Builder();
        b.add(java.util.List.of("a.leaf", "a.rec", "a.rec", "a.main"), 3);
        b.add(java.util.List.of("a.rec", "a.main"), 1);
        FlameSummary s = b.build();
        assertThat(s.samples()).isEqualTo(4);
        assertThat(s.frames()).containsExactly(new FlameSummary.Frame("a.rec", 1, 4), new FlameSummary.Frame("a.main", 0, 4),
                new FlameSummary.Frame("a.leaf", 3, 3));
    }

    @Test
    void refusesAFileThatIsNotARecording() throws Exception {
        Path junk = Files.writeString(dir.resolve("x.jfr"), "not a recording");
        assertThatThrownBy(() -> JfrProfiles.summarize(junk)).isInstanceOf(InvalidInputException.class);
    }
}
