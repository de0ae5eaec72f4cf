package dev.charter.perfcases.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one sandbox runs.
 *
 * @param sessionId    the agent session it belongs to (letters, digits, dashes); it names the sandbox in logs
 * @param command      the program and its arguments, as seen inside (for example {@code /bin/sh /workspace/agent.sh})
 * @param env          extra environment variables (the environment inside starts empty)
 * @param egressSocket the session's egress socket on the host, bound at {@link Sandboxes#EGRESS_SOCKET} inside; null
 *                     for a sandbox with no way out at all
 * @param limits       resource limits
 */
public record SandboxSpec(String sessionId, List<String> command, Map<String, String> env, Path egressSocket,
                          SandboxLimits limits) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public SandboxSpec {
        Objects.requireNonNull(sessionId, "sessionId");
        if (!ID.matcher(sessionId).matches()) {
            throw new IllegalArgumentException("a session id has 1 to 64 letters, digits or dashes");
        }
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a sandbox needs a command");
        }
        env = env == null ? Map.of() : Map.copyOf(env);
        env.keySet().forEach(k -> {
            if (!ENV_NAME.matcher(k).matches()) {
                throw new IllegalArgumentException("'" + k + "' is not an environment variable name");
            }
        });
        limits = limits == null ? SandboxLimits.DEFAULT : limits;
    }

    public static SandboxSpec of(String sessionId, String... command) {
        return new SandboxSpec(sessionId, List.of(command), Map.of(), null, SandboxLimits.DEFAULT);
    }

    public SandboxSpec withLimits(SandboxLimits l) {
        return new SandboxSpec(sessionId, command, env, egressSocket, l);
    }

    public SandboxSpec withEgressSocket(Path socket) {
        return new SandboxSpec(sessionId, command, env, socket, limits);
    }

    public SandboxSpec withCommand(List<String> c) {
        return new SandboxSpec(sessionId, c, env, egressSocket, limits);
    }

    public SandboxSpec withEnv(Map<String, String> e) {
        return new SandboxSpec(sessionId, command, e, egressSocket, limits);
    }
}
