/**
 * Jobs: the durable PostgreSQL queue every product uses. Jobs are claimed with
 * {@code FOR UPDATE SKIP LOCKED} under a lease, retried with exponential backoff, marked dead after
 * the last attempt, and returned to the queue when a node dies holding them. Several Charter nodes
 * can share one database. Enqueue joins the caller's transaction, so a job exists exactly when the
 * change that asked for it does.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Jobs")
package dev.charter.jobs;
