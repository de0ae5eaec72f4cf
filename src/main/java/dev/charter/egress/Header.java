package dev.charter.egress;

import java.util.Objects;

/** One request header. Its {@link #toString()} shows the name only, so a value never lands in a log by accident. */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, "header value");
    }

    @Override
    public String toString() {
        return name + ": (" + value.length() + " chars)";
    }
}
