/**
 * Perf cases: the performance-engineering agent. Telemetry aggregates open cases; for a case, an agent session
 * runs in an ephemeral sandbox whose only way out is the egress gateway (see {@code dev.charter.perfcases.agent}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Perf cases")
package dev.charter.perfcases;
