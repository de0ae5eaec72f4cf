package dev.charter.crews.internal;

import dev.charter.crews.Channel;
import dev.charter.crews.ConversationStatus;
import dev.charter.crews.CrewDefinition;
import dev.charter.identity.RateLimiter;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * The web chat widget (CRW-9): a crew's public face on the organization's site. A widget is named by its public key
 * (in the snippet), which resolves to one organization and crew; everything after that is scoped by that
 * organization. A visitor's conversation is held by a random token that the widget keeps in its own storage (never
 * a cookie); only the token's SHA-256 is stored. Posts are limited per visitor and in size, and accepted only from
 * the widget's own page embedded in one of the crew's site origins.
 */
@Service
public class Widgets {

    /** The longest message a visitor may send through the widget. */
    public static final int MAX_MESSAGE_CHARS = 2_000;

    /** Messages, contact details and requests per visitor (address) and widget. */
    public static final RateLimiter.Limit VISITOR_LIMIT = new RateLimiter.Limit("widget message", 12, Duration.ofMinutes(1));

    private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9_-]{43}$");

    /** A widget: its organization and crew, as the public routes see it. */
    public record Widget(OrgId org, UUID crewId, UUID key, String name, List<String> origins, boolean online,
                         String offlineMessage) {

        /** True when {@code site} (an origin such as https://www.example.com) may embed this widget. */
        public boolean allows(String site) {
            String o = CrewService.origin(site);
            return o != null && origins.contains(o);
        }
    }

    /** What the widget shows its visitor on opening. */
    public record Config(String name, boolean online, String offlineMessage, int maxChars, List<String> actions) {}

    /** A visitor's message was taken; {@code token} is set only when it started the conversation. */
    public record Posted(String token, UUID messageId, ConversationStatus status) {}

    /** One message the visitor may see. */
    public record VisibleMessage(UUID id, String author, String text, List<CrewChannels.Citation> citations,
                                 java.time.Instant createdAt) {}

    private final CrewService crews;
    private final CrewChannels channels;
    private final Conversations conversations;
    private final RateLimiter limits;
    private final CrewsUsage usage;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Widgets(CrewService crews, CrewChannels channels, Conversations conversations, RateLimiter limits, CrewsUsage usage,
            Clock clock) {
        this.crews = crews;
        this.channels = channels;
        this.conversations = conversations;
        this.limits = limits;
        this.usage = usage;
        this.clock = clock;
    }

    /** The widget with this key, or 404 (the same for a key that never existed and one of a deleted crew). */
    public Widget find(UUID key) {
        var found = crews.byWidgetKey(key).orElseThrow(() -> new NotFoundException("widget"));
        CrewDefinition d = found.crew().definition();
        boolean online = d.answerer().enabled() && (d.hours() == null || d.hours().open(clock.instant()));
        return new Widget(found.org(), found.crew().id(), key, found.crew().name(), found.crew().origins(), online,
                d.offlineMessage());
    }

    public Config config(Widget w) {
        return new Config(w.name(), w.online(), w.offlineMessage(), MAX_MESSAGE_CHARS, CrewChannels.ACTIONS);
    }

    /** Takes one attempt of this visitor (its address) on this widget, or throws the rate-limit refusal (429). */
    public void limit(Widget w, String visitor) {
        limits.check(VISITOR_LIMIT, w.key() + "|" + visitor);
    }

    /**
     * A visitor's message: a new conversation when {@code token} is null (the answer names the new token), else the
     * conversation the token holds. The crew's answer is written to the conversation, where the widget's stream
     * picks it up.
     */
    public Posted post(Widget w, String token, String text) {
        if (text != null && text.strip().length() > MAX_MESSAGE_CHARS) {
            throw new InvalidInputException("text", "A widget message holds at most " + MAX_MESSAGE_CHARS
                    + " characters; this one has " + text.strip().length() + ".");
        }
        UUID conversation = token == null ? null : conversation(w, token);
        var in = new Conversations.Inbound(conversation, null, null, text, null, null, null);
        if (conversation != null) {
            CrewChannels.Reply r = channels.receive(w.org(), w.crewId(), Channel.WIDGET, in, MAX_MESSAGE_CHARS);
            return new Posted(null, r.messageId(), r.status());
        }
        // a new conversation: stored and bound to its token before the crew answers, so the stream can follow it
        String fresh = newToken();
        Conversations.Received received = conversations.receive(w.org(), w.crewId(), Channel.WIDGET, in, MAX_MESSAGE_CHARS);
        conversations.bindVisitor(w.org(), received.conversationId(), hash(fresh));
        usage.count(w.org(), "widget.message");
        CrewChannels.Reply r = channels.answer(w.org(), w.crewId(), received);
        return new Posted(fresh, received.messageId(), r.status());
    }

    /** The visitor gives an email, name or company: the conversation's contact becomes (or joins) that contact. */
    public void identify(Widget w, String token, ContactInput contact) {
        conversations.identify(w.org(), conversation(w, token), contact);
    }

    /** The visitor asks for a person: the conversation waits for one (see {@link Conversations#requestPerson}). */
    public ConversationStatus askForPerson(Widget w, String token) {
        ConversationStatus s = conversations.requestPerson(w.org(), conversation(w, token));
        usage.count(w.org(), "person-requested");
        return s;
    }

    /** What the visitor may see of the conversation: the contact's messages and the replies, never private notes. */
    public List<VisibleMessage> messages(Widget w, UUID conversation) {
        return conversations.visibleToContact(w.org(), conversation).stream().map(Widgets::visible).toList();
    }

    public ConversationStatus status(Widget w, UUID conversation) {
        return conversations.status(w.org(), conversation);
    }

    /** The conversation this token holds on this widget, or 404 (also for a token of another crew or organization). */
    public UUID conversation(Widget w, String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new NotFoundException("conversation");
        }
        return conversations.byVisitor(w.org(), w.crewId(), hash(token)).orElseThrow(() -> new NotFoundException("conversation"));
    }

    private static VisibleMessage visible(Conversations.Message m) {
        List<CrewChannels.Citation> citations = new java.util.ArrayList<>();
        if (m.citations() != null) {
            m.citations().values().forEach(c -> citations.add(new CrewChannels.Citation(
                    UUID.fromString(c.path("passageId").asString()), UUID.fromString(c.path("documentId").asString()),
                    c.path("title").asString(""), c.path("heading").asString(""), c.path("excerpt").asString(""))));
        }
        String author = switch (m.author()) {
            case "CONTACT" -> "visitor";
            case "PERSON" -> "person";
            default -> "crew";
        };
        return new VisibleMessage(m.id(), author, m.body(), citations, m.createdAt());
    }

    private String newToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
