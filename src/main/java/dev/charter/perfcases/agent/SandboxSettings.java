package dev.charter.perfcases.agent;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operator settings of the agent sandboxes ({@code CHARTER_PERFCASES_AGENT_SANDBOX_*}).
 *
 * @param bwrap     the bubblewrap program
 * @param root      where the sandboxes' work folders are made; empty for a folder under the system's temporary folder
 * @param firstUid  when Charter runs as root, each sandbox runs as its own host user from this id on (so the process
 *                  limit counts that sandbox alone and no two sandboxes can read each other's files)
 * @param uidCount  how many host user ids are used in turn
 */
@ConfigurationProperties("charter.perfcases.agent.sandbox")
public record SandboxSettings(@DefaultValue("/usr/bin/bwrap") Path bwrap, Path root,
                              @DefaultValue("200000") int firstUid, @DefaultValue("10000") int uidCount) {

    public SandboxSettings {
        if (firstUid < 1000 || uidCount < 1) {
            throw new IllegalArgumentException("sandbox user ids start at 1000 or above, and at least one is needed");
        }
    }

    public static SandboxSettings defaults() {
        return new SandboxSettings(Path.of("/usr/bin/bwrap"), null, 200000, 10000);
    }
}
