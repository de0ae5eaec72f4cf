/**
 * Reviews: a performance-review copilot on work-signal metadata. Each connector's parser maps a provider's JSON to
 * signal records through an allowlist of fields (REV-1), so a body, description, message text or email content
 * never exists past the parser: not in a table, a log line, a page, an export or a model request. Signals are kept
 * per organization, per source connection and per identity in the tool (GitHub login, Jira account, Slack user,
 * email address).
 *
 * <p>The customer-call half lives in {@code dev.charter.reviews.calls}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Reviews")
package dev.charter.reviews;
