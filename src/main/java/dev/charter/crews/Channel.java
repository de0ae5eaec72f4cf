package dev.charter.crews;

import java.util.Locale;

/** Where a conversation came in. Every channel lands in the same conversations and messages. */
public enum Channel {
    /** {@code POST /api/v1/crews/{crewId}/messages} with an API token, for the organization's own channels. */
    API,
    /** The web chat widget. */
    WIDGET,
    /** A support mailbox; messages carry {@code Message-ID} and {@code In-Reply-To}. */
    EMAIL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Channel of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
