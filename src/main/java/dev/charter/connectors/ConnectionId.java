package dev.charter.connectors;

import java.util.Objects;
import java.util.UUID;

/** A connection to an external service. */
public record ConnectionId(UUID value) {
    public ConnectionId {
        Objects.requireNonNull(value, "connection id");
    }

    public static ConnectionId random() {
        return new ConnectionId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
