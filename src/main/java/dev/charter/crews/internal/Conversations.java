package dev.charter.crews.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.crews.Channel;
import dev.charter.crews.ConversationStatus;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import dev.charter.crews.PersonRequested;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Conversations and their messages: what every channel delivers, and what members do in the inbox. A conversation
 * a person has taken over ({@link ConversationStatus#OPEN}) is no longer answered by the crew.
 */
@Service
public class Conversations {

    /** One inbound message, as a channel hands it over. */
    public record Inbound(UUID conversationId, String externalRef, ContactInput contact, String text, String subject,
                          String messageId, String inReplyTo) {}

    /** What became of an inbound message. */
    public record Received(UUID conversationId, UUID contactId, UUID messageId, ConversationStatus status) {}

    public record Message(UUID id, String author, UUID authorUserId, String body, String messageId, String inReplyTo,
                          JsonNode citations, Instant createdAt) {}

    public record Summary(UUID id, UUID crewId, UUID contactId, String channel, ConversationStatus status, UUID assigneeId,
                          String subject, Instant createdAt, Instant lastMessageAt) {}

    public record Conversation(Summary summary, Contacts.Contact contact, List<Message> messages) {}

    /** The longest message a channel accepts. */
    public static final int MAX_MESSAGE_CHARS = 20_000;

    private final ConversationRepository repo;
    private final CrewService crews;
    private final Contacts contacts;
    private final AuditLog audit;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    Conversations(ConversationRepository repo, CrewService crews, Contacts contacts, AuditLog audit, JsonMapper json,
                  ApplicationEventPublisher events) {
        this.repo = repo;
        this.crews = crews;
        this.contacts = contacts;
        this.audit = audit;
        this.json = json;
        this.events = events;
    }

    /**
     * Stores an inbound message in its conversation (a new one when none is named), with its contact matched by
     * email across channels. Refuses, whole, a message that is empty or too long, bad contact details, or a
     * conversation that is not this crew's.
     */
    @Transactional
    public Received receive(OrgId org, UUID crewId, Channel channel, Inbound in, int maxChars) {
        crews.find(org, crewId);
        Map<String, String> errors = new LinkedHashMap<>();
        String text = in == null || in.text() == null ? "" : in.text().strip();
        if (text.isEmpty()) {
            errors.put("text", "Send the message's text.");
        } else if (text.length() > maxChars) {
            errors.put("text", "A message holds at most " + maxChars + " characters; this one has " + text.length() + ".");
        }
        ContactInput contact;
        try {
            contact = (in == null || in.contact() == null ? ContactInput.none() : in.contact()).validated("contact.");
        } catch (InvalidInputException e) {
            errors.putAll(e.fieldErrors());
            contact = ContactInput.none();
        }
        if (in != null && in.externalRef() != null && in.externalRef().length() > 300) {
            errors.put("externalRef", "An external reference holds at most 300 characters.");
        }
        if (in != null && in.subject() != null && in.subject().length() > 300) {
            errors.put("subject", "A subject holds at most 300 characters.");
        }
        if (in != null && ((in.messageId() != null && in.messageId().length() > 998)
                || (in.inReplyTo() != null && in.inReplyTo().length() > 998))) {
            errors.put("messageId", "Message ids hold at most 998 characters.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        ConversationRepository.ConversationRow conversation = null;
        if (in.conversationId() != null) {
            conversation = repo.lock(org, in.conversationId()).filter(c -> c.crewId().equals(crewId))
                    .orElseThrow(() -> new NotFoundException("conversation"));
        } else if (in.externalRef() != null && !in.externalRef().isBlank()) {
            conversation = repo.findByExternalRef(org, crewId, in.externalRef().strip()).orElse(null);
        }
        UUID contactId;
        UUID conversationId;
        if (conversation == null) {
            contactId = contacts.resolve(org, null, contact);
            conversationId = repo.insert(org, crewId, contactId, channel.code(), in.subject(),
                    in.externalRef() == null || in.externalRef().isBlank() ? null : in.externalRef().strip());
        } else {
            conversationId = conversation.id();
            contactId = contacts.resolve(org, conversation.contactId(), contact);
            if (!contactId.equals(conversation.contactId())) {
                repo.moveToContact(org, conversationId, contactId);
                contacts.dropIfOrphan(org, conversation.contactId());
            }
            if (ConversationStatus.valueOf(conversation.status()) == ConversationStatus.RESOLVED) {
                repo.setStatus(org, conversationId, ConversationStatus.CREW.name());
            }
        }
        UUID messageId = repo.insertMessage(org, conversationId, "CONTACT", null, text, in.messageId(), in.inReplyTo(), null);
        events.publishEvent(new ConversationChanged(org, conversationId));
        ConversationStatus status = ConversationStatus.valueOf(repo.find(org, conversationId).orElseThrow().status());
        return new Received(conversationId, contactId, messageId, status);
    }

    /**
     * Stores the crew's answer if the conversation is still the crew's (a person may have taken it over while the
     * crew was thinking); with {@code handOver} the conversation then waits for a person.
     */
    @Transactional
    public java.util.Optional<UUID> crewReplyIfCrew(OrgId org, UUID conversation, String text, String citationsJson,
                                                    boolean handOver) {
        var c = repo.lock(org, conversation);
        if (c.isEmpty() || !c.get().status().equals(ConversationStatus.CREW.name())) {
            return java.util.Optional.empty();
        }
        UUID id = repo.insertMessage(org, conversation, "CREW", null, text, null, null, citationsJson);
        if (handOver) {
            repo.setStatus(org, conversation, ConversationStatus.WAITING.name());
        }
        events.publishEvent(new ConversationChanged(org, conversation));
        return java.util.Optional.of(id);
    }

    public ConversationStatus status(OrgId org, UUID conversation) {
        return repo.find(org, conversation).map(c -> ConversationStatus.valueOf(c.status()))
                .orElseThrow(() -> new NotFoundException("conversation"));
    }

    /** How many of the organization's conversations are in each status, every status named. */
    public Map<ConversationStatus, Long> countByStatus(CurrentUser me) {
        Map<String, Long> counted = repo.countByStatus(me.orgId());
        Map<ConversationStatus, Long> out = new java.util.EnumMap<>(ConversationStatus.class);
        for (ConversationStatus s : ConversationStatus.values()) {
            out.put(s, counted.getOrDefault(s.name(), 0L));
        }
        return out;
    }

    public List<Summary> list(CurrentUser me, ConversationFilter filter, int limit) {
        return repo.list(me.orgId(), filter, Math.max(1, Math.min(limit, 500))).stream().map(Conversations::summary).toList();
    }

    public Conversation get(CurrentUser me, UUID id) {
        return get(me.orgId(), id);
    }

    public Conversation get(OrgId org, UUID id) {
        var c = repo.find(org, id).orElseThrow(() -> new NotFoundException("conversation"));
        return new Conversation(summary(c), contacts.find(org, c.contactId()), messages(org, id));
    }

    /** The messages a contact may see: everything but private notes. */
    public List<Message> visibleToContact(OrgId org, UUID id) {
        return messages(org, id).stream().filter(m -> !m.author().equals("NOTE")).toList();
    }

    /** A member takes the conversation over: it is theirs, and the crew no longer answers in it. */
    @Transactional
    public Summary takeOver(CurrentUser me, UUID id) {
        repo.lock(me.orgId(), id).orElseThrow(() -> new NotFoundException("conversation"));
        repo.assign(me.orgId(), id, me.userId().value());
        repo.setStatus(me.orgId(), id, ConversationStatus.OPEN.name());
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.conversation.taken-over", "conversation:" + id));
        return summary(repo.find(me.orgId(), id).orElseThrow());
    }

    @Transactional
    public Summary setStatus(CurrentUser me, UUID id, ConversationStatus status) {
        repo.lock(me.orgId(), id).orElseThrow(() -> new NotFoundException("conversation"));
        if (status == null) {
            throw new InvalidInputException("status", "Send one of CREW, WAITING, OPEN or RESOLVED.");
        }
        repo.setStatus(me.orgId(), id, status.name());
        return summary(repo.find(me.orgId(), id).orElseThrow());
    }

    /** A member's reply to the contact ({@code note} false) or private note ({@code note} true). */
    @Transactional
    public Message write(CurrentUser me, UUID id, String text, boolean note) {
        var c = repo.lock(me.orgId(), id).orElseThrow(() -> new NotFoundException("conversation"));
        String body = text == null ? "" : text.strip();
        if (body.isEmpty() || body.length() > MAX_MESSAGE_CHARS) {
            throw new InvalidInputException("text", "Write 1 to " + MAX_MESSAGE_CHARS + " characters.");
        }
        if (!note && !c.status().equals(ConversationStatus.OPEN.name())) {
            repo.setStatus(me.orgId(), id, ConversationStatus.OPEN.name());
            if (c.assigneeId() == null) {
                repo.assign(me.orgId(), id, me.userId().value());
            }
        }
        UUID mid = repo.insertMessage(me.orgId(), id, note ? "NOTE" : "PERSON", me.userId().value(), body, null, null, null);
        if (!note) {
            events.publishEvent(new ConversationChanged(me.orgId(), id));
        }
        return message(repo.message(me.orgId(), mid).orElseThrow());
    }

    /**
     * The contact asked for a person: a conversation with the crew now waits for one, and says so to the contact.
     * Marked on the conversation ({@code person_requested_at}) and published as {@link PersonRequested} in the same
     * transaction; asking again changes nothing. A conversation a person already has stays theirs.
     */
    @Transactional
    public ConversationStatus requestPerson(OrgId org, UUID id) {
        var c = repo.lock(org, id).orElseThrow(() -> new NotFoundException("conversation"));
        ConversationStatus status = ConversationStatus.valueOf(c.status());
        repo.markPersonRequested(org, id);
        if (status == ConversationStatus.CREW || status == ConversationStatus.RESOLVED) {
            repo.setStatus(org, id, ConversationStatus.WAITING.name());
            repo.insertMessage(org, id, "CREW", null, "You asked for a person. Someone of the team will answer you here.",
                    null, null, null);
            events.publishEvent(new PersonRequested(org, id, c.channel()));
            events.publishEvent(new ConversationChanged(org, id));
            return ConversationStatus.WAITING;
        }
        return status;
    }

    /** The contact of the conversation says who they are (a widget visitor giving an email and company). */
    @Transactional
    public UUID identify(OrgId org, UUID id, ContactInput input) {
        var c = repo.lock(org, id).orElseThrow(() -> new NotFoundException("conversation"));
        ContactInput valid = (input == null ? ContactInput.none() : input).validated("");
        UUID contact = contacts.resolve(org, c.contactId(), valid);
        if (!contact.equals(c.contactId())) {
            repo.moveToContact(org, id, contact);
            contacts.dropIfOrphan(org, c.contactId());
        }
        return contact;
    }

    /** Binds a new widget conversation to its visitor's token (only the token's SHA-256 is stored). */
    @Transactional
    public void bindVisitor(OrgId org, UUID id, byte[] tokenHash) {
        repo.setVisitorToken(org, id, tokenHash);
    }

    /** The conversation of this crew that the visitor token (by its SHA-256) holds. */
    public Optional<UUID> byVisitor(OrgId org, UUID crewId, byte[] tokenHash) {
        return repo.findByVisitorToken(org, crewId, tokenHash).map(ConversationRepository.ConversationRow::id);
    }

    private List<Message> messages(OrgId org, UUID id) {
        return repo.messages(org, id).stream().map(this::message).toList();
    }

    private Message message(ConversationRepository.MessageRow m) {
        return new Message(m.id(), m.author(), m.authorUserId(), m.body(), m.messageId(), m.inReplyTo(),
                json.readTree(m.citations()), m.createdAt());
    }

    static Summary summary(ConversationRepository.ConversationRow c) {
        return new Summary(c.id(), c.crewId(), c.contactId(), c.channel(), ConversationStatus.valueOf(c.status()),
                c.assigneeId(), c.subject(), c.createdAt(), c.lastMessageAt());
    }
}
