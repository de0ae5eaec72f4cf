package dev.charter.reviews;

import dev.charter.connectors.ConnectionId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored work signal: only the fields its connector's allowlist keeps (see docs/reviews.md).
 *
 * @param identity who it belongs to in the tool (GitHub login, Jira account id, Slack user id, email address)
 * @param title    a pull request's title, an issue's summary, an email's subject where allowed; else null
 * @param facts    the other allowlisted fields (numbers, states, times, addresses)
 * @param count    how many events it stands for (a day's message count, else 1)
 */
public record Signal(UUID id, ConnectionId connection, SignalSource source, SignalKind kind, String externalId,
                     String identity, Instant occurredAt, String title, Map<String, Object> facts, String link, int count) {
}
