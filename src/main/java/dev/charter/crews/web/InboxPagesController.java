package dev.charter.crews.web;

import dev.charter.crews.ConversationStatus;
import dev.charter.crews.internal.ConversationFilter;
import dev.charter.crews.internal.Contacts;
import dev.charter.crews.internal.Conversations;
import dev.charter.crews.internal.InboxStreams;
import dev.charter.crews.internal.ReviewQueue;
import dev.charter.identity.CurrentUser;
import dev.charter.identity.Members;
import dev.charter.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The inbox for the organization's members: the conversations with filters and search, how many wait in each
 * status, and one conversation with its contact, its profile, replies, private notes, taking over and its status.
 * Both pages follow changes live (server-sent events naming the conversation; the page fetches the rest).
 */
@Controller
class InboxPagesController {

    /** One row of the list: the conversation and who it is with. */
    record Row(Conversations.Summary summary, String contact, String assignee) {}

    private final Conversations conversations;
    private final Contacts contacts;
    private final ReviewQueue reviews;
    private final InboxStreams streams;
    private final Members members;

    InboxPagesController(Conversations conversations, Contacts contacts, ReviewQueue reviews, InboxStreams streams,
                         Members members) {
        this.conversations = conversations;
        this.contacts = contacts;
        this.reviews = reviews;
        this.streams = streams;
        this.members = members;
    }

    @GetMapping("/crews/inbox")
    String inbox(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String status,
                 @RequestParam(required = false) String channel, @RequestParam(required = false) String assignee,
                 @RequestParam(required = false) String q, Model model) {
        ConversationStatus s = parse(status);
        String ch = channel == null || channel.isBlank() ? null : channel.strip().toLowerCase(Locale.ROOT);
        if (ch != null && !List.of("api", "widget", "email").contains(ch)) {
            ch = null;
        }
        UUID who = "me".equals(assignee) ? me.userId().value() : null;
        String search = q == null || q.isBlank() ? null : q.strip();
        List<Conversations.Summary> found = conversations.list(me, new ConversationFilter(s == null ? null : s.name(), who, ch,
                null, search), 200);
        Map<UUID, String> names = names(me);
        Map<UUID, String> contactNames = new HashMap<>();
        List<Row> rows = found.stream().map(c -> new Row(c, contactNames.computeIfAbsent(c.contactId(), id -> contactName(me, id)),
                c.assigneeId() == null ? null : names.getOrDefault(c.assigneeId(), "a former member"))).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("counts", conversations.countByStatus(me));
        model.addAttribute("status", s == null ? "" : s.name());
        model.addAttribute("channel", ch == null ? "" : ch);
        model.addAttribute("mine", who != null);
        model.addAttribute("q", search == null ? "" : search);
        return "crews/inbox";
    }

    @GetMapping("/crews/inbox/{conversationId}")
    String conversation(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID conversationId, Model model) {
        return page(me, conversationId, model, Map.of(), "");
    }

    /** The messages alone, for the page to swap in when the stream says the conversation changed. */
    @GetMapping("/crews/inbox/{conversationId}/messages")
    String messages(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID conversationId, Model model) {
        page(me, conversationId, model, Map.of(), "");
        return "crews/conversation :: messages";
    }

    @GetMapping(path = "/crews/inbox/events", produces = "text/event-stream")
    @org.springframework.web.bind.annotation.ResponseBody
    SseEmitter inboxEvents(@AuthenticationPrincipal CurrentUser me) {
        return streams.open(me.orgId(), null);
    }

    @GetMapping(path = "/crews/inbox/{conversationId}/events", produces = "text/event-stream")
    @org.springframework.web.bind.annotation.ResponseBody
    SseEmitter conversationEvents(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID conversationId) {
        conversations.get(me, conversationId); // 404 for another organization's conversation
        return streams.open(me.orgId(), conversationId);
    }

    @PostMapping("/crews/inbox/{conversationId}/take-over")
    String takeOver(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID conversationId) {
        conversations.takeOver(me, conversationId);
        return "redirect:/crews/inbox/" + conversationId + "?notice=crews-taken-over";
    }

    @PostMapping("/crews/inbox/{conversationId}/status")
    String status(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID conversationId,
                  @RequestParam(required = false) String status, Model model, HttpServletResponse response) {
        ConversationStatus s = parse(status);
        if (s == null) {
            response.setStatus(400);
            return page(me, conversationId, model, Map.of("status", "Choose a status."), "");
        }
        conversations.setStatus(me, conversationId, s);
        return "redirect:/crews/inbox/" + conversationId + "?notice=crews-status-set";
    }

    @PostMapping("/crews/inbox/{conversationId}/replies")
    String reply(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID conversationId,
                 @RequestParam(required = false) String text, @RequestParam(required = false) String kind, Model model,
                 HttpServletResponse response) {
        boolean note = "note".equals(kind);
        try {
            conversations.write(me, conversationId, text, note);
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return page(me, conversationId, model, e.fieldErrors(), text == null ? "" : text);
        }
        return "redirect:/crews/inbox/" + conversationId + "?notice=" + (note ? "crews-note-added" : "crews-reply-sent")
                + "#reply";
    }

    private String page(CurrentUser me, UUID id, Model model, Map<String, String> errors, String draft) {
        Conversations.Conversation c = conversations.get(me, id);
        model.addAttribute("conversation", c);
        model.addAttribute("names", names(me));
        model.addAttribute("profile", reviews.profile(me, id));
        model.addAttribute("statuses", ConversationStatus.values());
        model.addAttribute("errors", errors);
        model.addAttribute("draft", draft);
        return "crews/conversation";
    }

    private Map<UUID, String> names(CurrentUser me) {
        Map<UUID, String> names = new HashMap<>();
        for (Members.Member m : members.of(me.orgId())) {
            names.put(m.id().value(), m.displayName() == null || m.displayName().isBlank() ? m.email() : m.displayName());
        }
        return names;
    }

    private String contactName(CurrentUser me, UUID id) {
        Contacts.Contact c = contacts.find(me.orgId(), id);
        return c.name() != null && !c.name().isBlank() ? c.name() : c.email() != null ? c.email() : "A visitor";
    }

    private static ConversationStatus parse(String s) {
        try {
            return s == null || s.isBlank() ? null : ConversationStatus.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
