package dev.charter.crews.web;

import dev.charter.crews.Channel;
import dev.charter.crews.ConversationStatus;
import dev.charter.crews.internal.ContactRights;
import dev.charter.crews.internal.Contacts;
import dev.charter.crews.internal.ContactInput;
import dev.charter.crews.internal.Conversations;
import dev.charter.crews.internal.CrewChannels;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API channel (a custom channel posts its customers' messages with an API token) and the inbox as JSON:
 * conversations, their messages, taking over, replies and private notes, contacts.
 */
@RestController
@RequestMapping("/api/v1/crews")
@Tag(name = "Crews")
class ConversationApiController {

    record Text(String text) {}

    record Status(ConversationStatus status) {}

    private final CrewChannels channels;
    private final Conversations conversations;
    private final Contacts contacts;
    private final ContactRights rights;

    ConversationApiController(CrewChannels channels, Conversations conversations, Contacts contacts, ContactRights rights) {
        this.rights = rights;
        this.channels = channels;
        this.conversations = conversations;
        this.contacts = contacts;
    }

    @PostMapping("/{crewId}/messages")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "API channel: a customer's message, in a new conversation or the one named; the crew's answer, if any, comes back")
    CrewChannels.Reply post(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId,
                            @RequestBody Conversations.Inbound message) {
        if (message == null) {
            throw new InvalidInputException("text", "Send the message as JSON: {\"text\": …, \"contact\": {\"email\": …}}.");
        }
        return channels.receive(me.orgId(), crewId, Channel.API, message, Conversations.MAX_MESSAGE_CHARS);
    }

    @GetMapping("/conversations")
    @Operation(summary = "The organization's conversations, newest activity first, with filters and search")
    List<Conversations.Summary> list(@AuthenticationPrincipal CurrentUser me,
                                     @RequestParam(required = false) ConversationStatus status,
                                     @RequestParam(required = false) UUID assignee,
                                     @RequestParam(required = false) Channel channel,
                                     @RequestParam(required = false) UUID contact,
                                     @RequestParam(required = false) String q,
                                     @RequestParam(defaultValue = "100") int limit) {
        return conversations.list(me, new dev.charter.crews.internal.ConversationFilter(
                status == null ? null : status.name(), assignee, channel == null ? null : channel.code(), contact, q), limit);
    }

    @GetMapping("/conversations/{conversationId}")
    @Operation(summary = "A conversation with its contact and every message, private notes included")
    Conversations.Conversation get(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID conversationId) {
        return conversations.get(me, conversationId);
    }

    @PostMapping("/conversations/{conversationId}/take-over")
    @Operation(summary = "Take the conversation over: it is assigned to you and the crew stops answering in it")
    Conversations.Summary takeOver(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID conversationId) {
        return conversations.takeOver(me, conversationId);
    }

    @PutMapping("/conversations/{conversationId}/status")
    @Operation(summary = "Set the conversation's status")
    Conversations.Summary status(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID conversationId,
                                 @RequestBody Status body) {
        return conversations.setStatus(me, conversationId, body == null ? null : body.status());
    }

    @PostMapping("/conversations/{conversationId}/replies")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Reply to the contact as yourself; the conversation becomes yours and open")
    Conversations.Message reply(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID conversationId,
                                @RequestBody Text body) {
        return conversations.write(me, conversationId, body == null ? null : body.text(), false);
    }

    @PostMapping("/conversations/{conversationId}/notes")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "A private note, seen only by members")
    Conversations.Message note(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID conversationId,
                               @RequestBody Text body) {
        return conversations.write(me, conversationId, body == null ? null : body.text(), true);
    }

    @GetMapping("/contacts")
    @Operation(summary = "The organization's contacts, with search over name, email and company")
    List<Contacts.Contact> contacts(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String q,
                                    @RequestParam(defaultValue = "100") int limit) {
        return contacts.list(me, q, limit);
    }

    @GetMapping("/contacts/{contactId}")
    @Operation(summary = "A contact")
    Contacts.Contact contact(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID contactId) {
        return contacts.find(me.orgId(), contactId);
    }

    @PutMapping("/contacts/{contactId}")
    @Operation(summary = "Correct a contact (admins): the values sent replace the old ones")
    Contacts.Contact correct(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID contactId,
                             @RequestBody ContactInput body) {
        return contacts.correct(me, contactId, body);
    }

    @GetMapping("/contacts/{contactId}/export")
    @Operation(summary = "Everything Crews hold about the contact, as JSON (admins; CRW-8)")
    java.util.Map<String, Object> export(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID contactId) {
        return rights.export(me, contactId);
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/contacts/{contactId}")
    @Operation(summary = "Erase the contact across every conversation in one transaction (admins); answers the signed receipt")
    tools.jackson.databind.node.ObjectNode erase(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID contactId) {
        return rights.erase(me, contactId);
    }
}
