package dev.charter.crews.internal;

import java.util.UUID;

/** Filters of the conversation list; null means any. */
public record ConversationFilter(String status, UUID assignee, String channel, UUID contact, String search) {
    public static ConversationFilter none() {
        return new ConversationFilter(null, null, null, null, null);
    }
}
