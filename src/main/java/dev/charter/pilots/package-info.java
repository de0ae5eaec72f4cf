/**
 * Pilots: workflow automation. A Pilot has a title, a description, a trigger (delivery URL,
 * schedule or manual) and ordered steps; each trigger becomes a run on the durable job queue, and
 * each run records every step's input, output, status and timing. The newest 100 runs per Pilot are
 * kept.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Pilots")
package dev.charter.pilots;
