package dev.charter.crews.internal;

import dev.charter.shared.OrgId;
import java.util.UUID;

/** A message was added to a conversation or its status changed; the widget's live stream listens after commit. */
record ConversationChanged(OrgId org, UUID conversationId) {}
