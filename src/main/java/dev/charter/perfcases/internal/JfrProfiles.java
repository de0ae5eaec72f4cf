package dev.charter.perfcases.internal;

import dev.charter.shared.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a Java Flight Recorder file into a {@link FlameSummary} (PRF-4): only {@code jdk.ExecutionSample} events, and
 * of each only its stack trace's frames (declaring class and method name). The sampled thread, every other event and
 * every other field are never read, so thread names, system properties and payloads cannot reach what is kept.
 */
final class JfrProfiles {

    static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

    private JfrProfiles() {}

    static FlameSummary summarize(Path recording) {
        FlameSummary.Builder summary = new FlameSummary.Builder();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!EXECUTION_SAMPLE.equals(e.getEventType().getName())) {
                    continue;
                }
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null) {
                    continue;
                }
                List<String> frames = new ArrayList<>();
                for (RecordedFrame f : stack.getFrames()) { // leaf first, as JFR records them
                    if (f.getMethod() != null && f.getMethod().getType() != null) {
                        frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
                    }
                }
                summary.add(frames, 1);
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("file", "This is not a Java Flight Recorder file Charter can read "
                    + "(record one with -XX:StartFlightRecording or jcmd JFR.start, then upload the .jfr file).");
        }
        return summary.build();
    }
}
