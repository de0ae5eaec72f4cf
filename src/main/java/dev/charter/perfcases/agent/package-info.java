/**
 * The contained agent: each session runs in its own bubblewrap sandbox ({@link dev.charter.perfcases.agent.Sandboxes})
 * with no network but a Unix socket on which the egress gateway listens as an HTTP proxy, and no credential but a
 * short-lived session token that grants nothing by itself. A case is known here only by its id.
 */
package dev.charter.perfcases.agent;
