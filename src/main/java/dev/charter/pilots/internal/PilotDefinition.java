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
     *               as skipped. Steps after a branch without a path are where the paths join again. A step with an
     *               error path is a router too: {@code <step>.error} runs only when that step failed.
     * @param onError null to stop the run when the step fails (after the queue's retries of a passing failure);
     *               otherwise what happens when it fails after its own retries
     */
    public record Step(String kind, String name, JsonNode config, String path, OnError onError) {

        public Step(String kind, String name, JsonNode config) {
            this(kind, name, config, null, null);
        }

        public Step(String kind, String name, JsonNode config, String path) {
            this(kind, name, config, path, null);
        }
    }

    /**
     * What happens when a step fails.
     *
     * @param action         {@code stop} (the run fails here), {@code continue} (the error becomes the step's output,
     *                       {@code {"error": "…"}}, and the run goes on) or {@code path} (as continue, and the steps on
     *                       the path {@code <step>.error} run; they are skipped when the step succeeds)
     * @param retries        how many more times a passing failure (a timeout, a 5xx) is tried, 0 to {@link #MAX_RETRIES}
     * @param backoffSeconds the wait before the first retry, doubled for each next one, 1 to {@link #MAX_BACKOFF_SECONDS}
     */
    public record OnError(String action, Integer retries, Integer backoffSeconds) {
        public static final java.util.List<String> ACTIONS = java.util.List.of("stop", "continue", "path");
        public static final int MAX_RETRIES = 10;
        public static final int MAX_BACKOFF_SECONDS = 3600;

        public String actionOrStop() {
            return action == null || action.isBlank() ? "stop" : action;
        }

        public int retriesOrZero() {
            return retries == null ? 0 : retries;
        }

        public int backoffOrDefault() {
            return backoffSeconds == null ? 10 : backoffSeconds;
        }
    }
}
