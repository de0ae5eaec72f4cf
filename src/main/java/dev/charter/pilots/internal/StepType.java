package dev.charter.pilots.internal;

import dev.charter.connectors.ConnectionKind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One kind of step (transform, condition, HTTP request, …): what it needs to be configured, how
 * its configuration is checked, and how it runs. The editor builds its forms from the descriptor.
 */
public interface StepType {

    String kind();

    Descriptor descriptor();

    /** Field → problem, empty when the configuration is valid. Connections are resolved by the caller. */
    Map<String, String> validate(JsonNode config);

    /** Runs the step over the run's data so far. */
    StepOutcome execute(StepContext context) throws Exception;

    /**
     * True for steps that only compute over the run's data (transform, condition): running one again after a
     * crash changes nothing outside the run, so its record may be written together with the next step's.
     * Every step that reaches out (HTTP, Slack, email, AI) or waits is recorded before the next one starts.
     */
    default boolean pure() {
        return false;
    }

    /**
     * True for steps that reach outside Charter when they run (HTTP, Slack, email, AI): "Test this step" runs them
     * for real, so the editor says so before it sends. A delay is not pure but does not wait when tested.
     */
    default boolean reachesOut() {
        return !pure();
    }

    /**
     * A form field of the step editor. {@code options} are the choices of a {@code select}; for a {@code connection}
     * field, the names of the connection kinds it accepts (the editor offers the organization's connections of those).
     */
    record Field(String name, String label, String type, boolean required, String help, List<String> options) {
        public static Field of(String name, String label, String type, boolean required, String help) {
            return new Field(name, label, type, required, help, List.of());
        }

        /** A field naming one of the organization's connections of the given kinds. */
        public static Field connection(String name, String label, boolean required, String help, ConnectionKind... kinds) {
            return new Field(name, label, "connection", required, help, Arrays.stream(kinds).map(Enum::name).toList());
        }
    }

    record Descriptor(String kind, String label, String description, List<Field> fields) {}
}
