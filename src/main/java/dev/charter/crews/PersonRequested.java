package dev.charter.crews;

import dev.charter.shared.OrgId;
import java.util.UUID;

/**
 * A contact asked for a person in a conversation (the widget's button, or words such as "talk to a human"): the
 * conversation now waits for a person. Published in the transaction that marked it, for whatever wants to act on
 * such a request (the inbox's live view, the review queue).
 *
 * @param channel where the contact asked ({@link Channel#code()})
 */
public record PersonRequested(OrgId org, UUID conversationId, String channel) {}
