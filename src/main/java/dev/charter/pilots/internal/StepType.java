package dev.charter.pilots.internal;

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

    /** A form field of the step editor. */
    record Field(String name, String label, String type, boolean required, String help, List<String> options) {
        public static Field of(String name, String label, String type, boolean required, String help) {
            return new Field(name, label, type, required, help, List.of());
        }
    }

    record Descriptor(String kind, String label, String description, List<Field> fields) {}
}
