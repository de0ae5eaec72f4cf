package dev.charter.pilots.internal;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Everything that defines a Pilot, as the API, the editor, export and import speak it. The export
 * format is this record under {@code "schema": "charter.pilot/v1"} (docs/pilots.md).
 */
public record PilotDefinition(String title, String description, Boolean enabled, Trigger trigger, List<Step> steps,
                              JsonNode samplePayload) {

    /**
     * @param kind     WEBHOOK, SCHEDULE or MANUAL
     * @param cron     for SCHEDULE: a six-field cron expression (second minute hour day month weekday)
     * @param timeZone for SCHEDULE: an IANA time zone such as Europe/Amsterdam (default UTC)
     * @param verification for WEBHOOK: how a delivery proves it is authentic, one of {@link #VERIFICATIONS}
     *                     (default {@code charter}); the sender's signing secret is set apart and never exported
     */
    public record Trigger(String kind, String cron, String timeZone, String verification) {

        /** Charter's own secret, then the senders whose signature schemes Charter checks (docs/pilots.md). */
        public static final java.util.List<String> VERIFICATIONS =
                java.util.List.of("charter", "github", "stripe", "slack", "shopify", "standard-webhooks");

        public Trigger(String kind, String cron, String timeZone) {
            this(kind, cron, timeZone, null);
        }
    }

    /**
     * @param kind   transform, condition, router, delay, http, slack, email or ai
     * @param name   how later steps refer to this step's output: {@code steps.<name>}
     * @param config the step's settings, as its kind describes them
     * @param path   null for a step every run takes; {@code <router>.<route>} for a step that runs only when that
     *               earlier router step chose that route (or {@code else}); a run that took another route records it
     *               as skipped. Steps after a branch without a path are where the paths join again.
     */
    public record Step(String kind, String name, JsonNode config, String path) {

        public Step(String kind, String name, JsonNode config) {
            this(kind, name, config, null);
        }
    }
}
