/**
 * Perf cases: performance engineering on a customer's own telemetry. Each telemetry connection is its own
 * grant (nothing is connected by default, revoking one stops its queries at once); every query is written
 * verbatim to the audit log before it is sent, and sent only through the egress gateway; only aggregates are
 * read and kept (percentiles, rates and counts per service version). A detection pass compares each new
 * {@code service.version} with the one before it, with minimum sample sizes, a Mann-Whitney U test and a
 * minimum effect size, and opens a case for a regression.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Perf cases")
package dev.charter.perfcases;
