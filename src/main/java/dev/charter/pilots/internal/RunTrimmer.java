package dev.charter.pilots.internal;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps each Pilot's history at its newest 100 runs (PIL-4) within about a second of a run finishing. Trimming
 * after every run made sixteen workers of one busy Pilot delete the same old rows at once and wait on each
 * other's row locks; one pass per Pilot every half second does the same work once.
 */
@Component
class RunTrimmer {

    private static final Logger log = LoggerFactory.getLogger(RunTrimmer.class);

    private final RunRepository runs;
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();

    RunTrimmer(RunRepository runs) {
        this.runs = runs;
    }

    /** A run of this Pilot finished: its history is trimmed on the next pass. */
    void finished(UUID pilot) {
        pending.add(pilot);
    }

    @Scheduled(fixedDelayString = "PT0.5S")
    void trim() {
        for (UUID pilot : pending) {
            pending.remove(pilot);
            try {
                runs.trim(pilot);
            } catch (RuntimeException e) {
                pending.add(pilot);
                log.warn("Trimming the run history of Pilot {} failed, retrying: {}", pilot, e.toString());
            }
        }
    }
}
