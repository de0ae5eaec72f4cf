package dev.charter.reviews.internal;

import dev.charter.reviews.SignalKind;
import dev.charter.reviews.SignalSource;
import java.time.Instant;
import java.util.Map;

/**
 * A signal as a parser produced it: only allowlisted fields. {@code facts} holds strings, numbers, booleans and
 * lists of strings, each under a name the parser's allowlist declares.
 *
 * @param externalId the provider's id of the thing, unique per connection and kind (for updates on the next sync)
 * @param identity   who it belongs to, in the tool's own terms (login, account id, Slack user id, email address)
 * @param title      a pull request's title, an issue's summary, an email's subject where allowed; else null
 * @param link       where a person can open it in the tool, or null
 * @param count      how many events it stands for (1, or the day's message count)
 */
record ParsedSignal(SignalSource source, SignalKind kind, String externalId, String identity, Instant occurredAt,
                    String title, Map<String, Object> facts, String link, int count) {
}
