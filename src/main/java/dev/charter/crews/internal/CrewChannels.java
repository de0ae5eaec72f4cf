package dev.charter.crews.internal;

import dev.charter.crews.Channel;
import dev.charter.crews.ConversationStatus;
import dev.charter.shared.OrgId;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Where every channel hands over a customer's message: stored first, then answered by the crew while it is the crew's. */
@Service
public class CrewChannels {

    /**
     * What the channel tells its sender.
     *
     * @param answer the crew's answer, or null when the crew does not answer (a person has the conversation)
     */
    public record Reply(UUID conversationId, UUID contactId, UUID messageId, ConversationStatus status, Answer answer) {}

    /** The crew's answer, with the passages it cites. */
    public record Answer(UUID messageId, String text, java.util.List<Citation> citations, boolean handedOver) {}

    /** A passage of the knowledge base an answer rests on. */
    public record Citation(UUID passageId, UUID documentId, String title, String excerpt) {}

    private final Conversations conversations;

    CrewChannels(Conversations conversations) {
        this.conversations = conversations;
    }

    @Transactional
    public Reply receive(OrgId org, UUID crewId, Channel channel, Conversations.Inbound in, int maxChars) {
        Conversations.Received r = conversations.receive(org, crewId, channel, in, maxChars);
        return new Reply(r.conversationId(), r.contactId(), r.messageId(), r.status(), null);
    }
}
