package dev.charter.crews.internal;

import dev.charter.crews.Channel;
import dev.charter.crews.ConversationStatus;
import dev.charter.shared.OrgId;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Where every channel hands over a customer's message: stored first (its own transaction), then answered by the
 * crew while the conversation is the crew's. No transaction stays open while a model thinks; the answer is stored
 * only if the conversation is still the crew's when it arrives.
 */
@Service
public class CrewChannels {

    /**
     * What the channel tells its sender.
     *
     * @param answer the crew's answer, or null when the crew does not answer (a person has the conversation)
     */
    public record Reply(UUID conversationId, UUID contactId, UUID messageId, ConversationStatus status, Answer answer) {}

    /**
     * The crew's answer, with the passages it cites; every automated reply offers {@code actions}: asking for a person
     * and asking for human review of a decision about the contact.
     */
    public record Answer(UUID messageId, String text, List<Citation> citations, boolean handedOver, String reason,
                         String provider, List<String> actions) {}

    /** A passage of the knowledge base an answer rests on. */
    public record Citation(UUID passageId, UUID documentId, String title, String heading, String excerpt) {}

    /** What every automated reply offers its reader. */
    public static final List<String> ACTIONS = List.of("ask-for-person", "ask-for-review");

    private final Conversations conversations;
    private final CrewService crews;
    private final CrewAnswerer answerer;
    private final Profiler profiler;
    private final JsonMapper json;
    private final CrewsUsage usage;

    CrewChannels(Conversations conversations, CrewService crews, CrewAnswerer answerer, Profiler profiler, JsonMapper json,
                 CrewsUsage usage) {
        this.conversations = conversations;
        this.crews = crews;
        this.answerer = answerer;
        this.profiler = profiler;
        this.json = json;
        this.usage = usage;
    }

    public Reply receive(OrgId org, UUID crewId, Channel channel, Conversations.Inbound in, int maxChars) {
        Conversations.Received r = conversations.receive(org, crewId, channel, in, maxChars);
        usage.count(org, channel.code() + ".message");
        return answer(org, crewId, r);
    }

    /**
     * Stores a message the crew does not answer (a contact's request for a person or for review, mail no person
     * wrote): it is profiled like every message, and a person sees it in the inbox.
     */
    public Reply receiveQuietly(OrgId org, UUID crewId, Channel channel, Conversations.Inbound in) {
        Conversations.Received r = conversations.receive(org, crewId, channel, in, Conversations.MAX_MESSAGE_CHARS);
        usage.count(org, channel.code() + ".message");
        var crew = crews.find(org, crewId);
        profiler.profile(org, crew.definition(), r.conversationId(), r.messageId());
        return new Reply(r.conversationId(), r.contactId(), r.messageId(), r.status(), null);
    }

    /**
     * Profiles a message already stored ({@code r}) and, if the conversation is the crew's, answers it: every channel
     * (the API, the widget) comes here.
     */
    Reply answer(OrgId org, UUID crewId, Conversations.Received r) {
        var crew = crews.find(org, crewId);
        // CRW-2/CRW-3: every message of a contact is profiled, and each result passes the organization's gate
        profiler.profile(org, crew.definition(), r.conversationId(), r.messageId());
        if (r.status() != ConversationStatus.CREW) {
            return new Reply(r.conversationId(), r.contactId(), r.messageId(), r.status(), null);
        }
        List<Conversations.Message> history = conversations.visibleToContact(org, r.conversationId()).stream()
                .filter(m -> !m.id().equals(r.messageId())).toList();
        String question = conversations.visibleToContact(org, r.conversationId()).stream()
                .filter(m -> m.id().equals(r.messageId())).findFirst().orElseThrow().body();
        CrewAnswerer.Outcome outcome = answerer.answer(org, crew.definition(), question, history);
        List<Citation> citations = outcome.cited().stream()
                .map(m -> new Citation(m.passageId(), m.documentId(), m.title(), m.heading(), excerpt(m.body()))).toList();
        ArrayNode stored = json.createArrayNode();
        citations.forEach(c -> stored.addObject().put("passageId", c.passageId().toString())
                .put("documentId", c.documentId().toString()).put("title", c.title()).put("heading", c.heading())
                .put("excerpt", c.excerpt()));
        var written = conversations.crewReplyIfCrew(org, r.conversationId(), outcome.text(), stored.toString(),
                outcome.handedOver());
        if (written.isPresent()) {
            usage.count(org, outcome.handedOver() ? "hand-over" : "answer");
        }
        if (written.isEmpty()) { // a person took over meanwhile: the crew stays silent
            return new Reply(r.conversationId(), r.contactId(), r.messageId(),
                    conversations.status(org, r.conversationId()), null);
        }
        return new Reply(r.conversationId(), r.contactId(), r.messageId(), conversations.status(org, r.conversationId()),
                new Answer(written.get(), outcome.text(), citations, outcome.handedOver(), outcome.reason(),
                        outcome.provider(), ACTIONS));
    }

    private static String excerpt(String body) {
        return body.length() <= 280 ? body : body.substring(0, 277) + "…";
    }
}
