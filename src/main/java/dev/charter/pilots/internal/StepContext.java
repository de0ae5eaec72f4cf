package dev.charter.pilots.internal;

import dev.charter.shared.OrgId;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What a step sees: its configuration and the run's data so far, as
 * {@code {"trigger": …, "steps": {"<name>": output, …}, "run": {"id": …}}}.
 *
 * @param idempotencyKey stays the same when this step of this run is retried
 */
public record StepContext(OrgId org, UUID pilotId, UUID runId, int position, String name, JsonNode config,
                          Map<String, Object> data, String idempotencyKey) {}
