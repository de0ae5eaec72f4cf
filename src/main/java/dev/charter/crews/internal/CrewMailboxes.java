package dev.charter.crews.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionId;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.Connections;
import dev.charter.crews.Channel;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.MailAddress;
import dev.charter.egress.MailGateway;
import dev.charter.egress.MailRefusedException;
import dev.charter.egress.MailRequest;
import dev.charter.egress.MailboxGateway;
import dev.charter.egress.MailboxListing;
import dev.charter.egress.MailboxMessage;
import dev.charter.egress.MailboxRequest;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A crew's support mailbox (the email channel): read over IMAP and answered over SMTP, both through the egress
 * gateway with connections of the organization. Each new message lands in a conversation (threaded by
 * {@code In-Reply-To} and {@code References} onto the messages Charter sent, else a new one), with its contact matched
 * by the sender's address; the crew answers it as on every channel, and every message of the crew or of a person in
 * an email conversation goes out as a reply in the thread. A reply quotes nothing: it holds the answer, the sources
 * it rests on and how to ask for a person or for review. Automatic mail (auto-replies, bounces, lists) and mail from
 * the mailbox's own address is read and not answered, so two robots never talk in a loop.
 */
@Service
public class CrewMailboxes {

    static final String IMAP_PURPOSE = "crews.email.imap";
    static final String SMTP_PURPOSE = "crews.email.smtp";
    /** Messages read per check; the next check goes on from the cursor. */
    static final int BATCH = 50;
    /** How long a check may hold its mailbox before another may start (a node that died mid-check lets go). */
    static final java.time.Duration LEASE = java.time.Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(CrewMailboxes.class);
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]{1,250}>");
    private static final Pattern WROTE = Pattern.compile("(?m)^(On .{0,200}wrote:|-----Original Message-----|_{10,})\\s*$");
    private static final Pattern COMMAND = Pattern.compile("(?i)^\\s*(person|review)\\s*[.!]?\\s*$");

    /** What an admin sets for a crew's mailbox. */
    public record MailboxInput(UUID imapConnectionId, UUID smtpConnectionId, String address, String folder,
                               Integer checkEverySeconds) {}

    /** A crew's mailbox as its settings page shows it. */
    public record Mailbox(UUID crewId, UUID imapConnectionId, UUID smtpConnectionId, String address, String folder,
                          int checkEverySeconds, long messagesRead, Instant lastCheckAt, String lastError) {}

    private final CrewMailboxRepository repo;
    private final CrewService crews;
    private final Connections connections;
    private final MailboxGateway imap;
    private final MailGateway smtp;
    private final CrewChannels channels;
    private final ReviewQueue reviews;
    private final ConversationRepository conversations;
    private final Contacts contacts;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final TransactionTemplate sending;

    CrewMailboxes(CrewMailboxRepository repo, CrewService crews, Connections connections, MailboxGateway imap,
                  MailGateway smtp, CrewChannels channels, ReviewQueue reviews, ConversationRepository conversations,
                  Contacts contacts, AuditLog audit, JsonMapper json, Clock clock, PlatformTransactionManager transactions) {
        this.repo = repo;
        this.crews = crews;
        this.connections = connections;
        this.imap = imap;
        this.smtp = smtp;
        this.channels = channels;
        this.reviews = reviews;
        this.conversations = conversations;
        this.contacts = contacts;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        // delivery runs after another transaction committed (an event listener): always in a transaction of its own
        this.sending = new TransactionTemplate(transactions);
        this.sending.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Sets (or changes) a crew's mailbox, after logging in to it once; admins only. Refused whole when anything is wrong. */
    public Mailbox configure(CurrentUser me, UUID crewId, MailboxInput in) {
        me.requireAdmin();
        crews.find(me.orgId(), crewId);
        Map<String, String> errors = new LinkedHashMap<>();
        Connection mailbox = connection(me.orgId(), in == null ? null : in.imapConnectionId(), ConnectionKind.IMAP_SERVER,
                "imapConnectionId", errors);
        Connection sender = connection(me.orgId(), in == null ? null : in.smtpConnectionId(), ConnectionKind.SMTP_SERVER,
                "smtpConnectionId", errors);
        String address = in == null || in.address() == null ? "" : in.address().strip();
        if (!MailAddress.plain(address)) {
            errors.put("address", "Give the support address replies come from, like support@example.com.");
        }
        String folder = in == null || in.folder() == null || in.folder().isBlank() ? "INBOX" : in.folder().strip();
        if (folder.length() > 200 || folder.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            errors.put("folder", "Name the folder to read (INBOX by default), without control characters.");
        }
        int every = in == null || in.checkEverySeconds() == null ? 60 : in.checkEverySeconds();
        if (every < 10 || every > 86400) {
            errors.put("checkEverySeconds", "Check from every 10 seconds to once a day (86400).");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        try {
            imap.verify(new MailboxRequest(IMAP_PURPOSE, me.orgId(), me.userId(), mailbox.imapServer(), mailbox.credential(), folder));
        } catch (EgressDeniedException | EgressFailedException | MailRefusedException e) {
            throw new InvalidInputException("imapConnectionId", "Charter could not open the mailbox: " + e.getMessage());
        }
        tx.executeWithoutResult(s -> {
            repo.put(me.orgId(), crewId, mailbox.id().value(), sender.id().value(), address, folder, every, me.userId().value());
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.mailbox.configured", "crew:" + crewId)
                    .with("imapConnection", mailbox.id().value().toString())
                    .with("smtpConnection", sender.id().value().toString()).with("folder", folder));
        });
        return get(me.orgId(), crewId);
    }

    public Mailbox get(OrgId org, UUID crewId) {
        crews.find(org, crewId);
        return repo.find(org, crewId).map(CrewMailboxes::view).orElseThrow(() -> new NotFoundException("mailbox"));
    }

    public java.util.Optional<Mailbox> find(OrgId org, UUID crewId) {
        return repo.find(org, crewId).map(CrewMailboxes::view);
    }

    /** Stops reading the mailbox; what was read stays in its conversations. Admins only. */
    public void remove(CurrentUser me, UUID crewId) {
        me.requireAdmin();
        crews.find(me.orgId(), crewId);
        tx.executeWithoutResult(s -> {
            if (!repo.delete(me.orgId(), crewId)) {
                throw new NotFoundException("mailbox");
            }
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.mailbox.removed", "crew:" + crewId));
        });
    }

    /** Reads the mailbox now (admins), as the scheduler does; refused while another check of it runs. */
    public Mailbox checkNow(CurrentUser me, UUID crewId) {
        me.requireAdmin();
        CrewMailboxRepository.Row row = repo.find(me.orgId(), crewId).orElseThrow(() -> new NotFoundException("mailbox"));
        if (!check(row)) {
            throw new ConflictException("The mailbox is being read right now; its page shows the result in a moment.");
        }
        return get(me.orgId(), crewId);
    }

    /**
     * One check: the new messages after the cursor, each stored, answered and marked seen, the cursor moved past it
     * before the next. A failure is kept on the mailbox in words (never a credential) for its page.
     */
    boolean check(CrewMailboxRepository.Row row) {
        OrgId org = new OrgId(row.orgId());
        Instant now = clock.instant();
        if (!repo.lease(org, row.crewId(), now, now.plus(LEASE))) {
            return false; // another node, or a person's "Check now", is reading it
        }
        try {
            Connection mailbox = usable(org, row.imapConnectionId(), "The IMAP connection");
            MailboxRequest request = new MailboxRequest(IMAP_PURPOSE, org, null, mailbox.imapServer(), mailbox.credential(),
                    row.folder());
            String unsent = null;
            for (UUID waiting : conversations.withUnsent(org, row.crewId())) { // replies a failed send left behind
                unsent = deliverQuietly(org, waiting, unsent);
            }
            MailboxListing listing = imap.newMessages(request, row.uidValidity() == null ? -1 : row.uidValidity(),
                    row.lastUid(), BATCH);
            for (MailboxListing.Entry entry : listing.messages()) {
                MailboxMessage message = imap.fetch(request, listing.uidValidity(), entry.uid());
                UUID conversation = receive(row, message);
                imap.markSeen(request, listing.uidValidity(), entry.uid());
                repo.advance(org, row.crewId(), listing.uidValidity(), entry.uid());
                if (conversation != null) {
                    unsent = deliverQuietly(org, conversation, unsent);
                }
            }
            repo.checked(org, row.crewId(), now, unsent);
        } catch (RuntimeException e) {
            String why = words(e, "the check failed (" + e.getClass().getSimpleName() + ")");
            log.warn("Crews mailbox of crew {} not read: {}", row.crewId(), why);
            repo.checked(org, row.crewId(), now, why);
        } finally {
            repo.release(org, row.crewId());
        }
        return true;
    }

    /** Sends what waits in a conversation; a failure is logged and returned in words, to keep on the mailbox. */
    private String deliverQuietly(OrgId org, UUID conversation, String before) {
        try {
            deliver(org, conversation);
            return before;
        } catch (RuntimeException e) {
            String why = words(e, e.getClass().getSimpleName());
            why = "a reply was not sent yet: " + why;
            log.warn("Crews mailbox: {}", why);
            return why.length() > 500 ? why.substring(0, 500) : why;
        }
    }

    /**
     * A failure in words for the mailbox's page, at most 500 characters: the message of the refusals that say in
     * words what was wrong (and name no credential), else {@code otherwise}.
     */
    private static String words(RuntimeException e, String otherwise) {
        String why = e instanceof ConflictException || e instanceof EgressDeniedException || e instanceof EgressFailedException
                || e instanceof MailRefusedException ? e.getMessage() : otherwise;
        return why.length() > 500 ? why.substring(0, 500) : why;
    }

    /** Stores one message in its conversation, answered as the channel does; the conversation to reply in, or null. */
    private UUID receive(CrewMailboxRepository.Row row, MailboxMessage message) {
        OrgId org = new OrgId(row.orgId());
        MailAddress from = MailAddress.first(message.header("From")).orElse(null);
        if (from == null) {
            log.info("Crews mailbox of crew {}: message {} has no sender address; skipped", row.crewId(), message.uid());
            return null;
        }
        String messageId = first(ids(message.header("Message-ID")));
        if (messageId != null && conversations.conversationOfMessageIds(org, row.crewId(), List.of(messageId)).isPresent()) {
            return null; // read before, and stored (a check that stopped before it moved the cursor)
        }
        String text = newText(message);
        if (text.isBlank()) {
            text = "(no text)";
        }
        if (text.length() > Conversations.MAX_MESSAGE_CHARS) {
            text = text.substring(0, Conversations.MAX_MESSAGE_CHARS - 1) + "…";
        }
        List<String> thread = new ArrayList<>(ids(message.header("References")));
        thread.addAll(ids(message.header("In-Reply-To")));
        UUID conversation = conversations.conversationOfMessageIds(org, row.crewId(), thread).orElse(null);
        boolean automatic = automatic(message, from, row.address());
        Conversations.Inbound in = new Conversations.Inbound(conversation, null,
                new ContactInput(from.name(), from.address(), null, null, Map.of()), text, subject(message.header("Subject")),
                messageId, first(ids(message.header("In-Reply-To"))));
        Matcher command = COMMAND.matcher(text);
        boolean asks = conversation != null && !automatic && command.matches();
        if (automatic || asks) {
            // stored, and the crew stays silent: mail no person wrote, or a contact's request for a person or a review
            channels.receiveQuietly(org, row.crewId(), Channel.EMAIL, in);
        }
        if (asks) {
            // the way every automated reply offers: a person, or a person's review of a decision about the contact
            if (command.group(1).equalsIgnoreCase("person")) {
                reviews.askForPerson(org, row.crewId(), conversation, "asked for a person by email");
            } else {
                try {
                    reviews.requestReview(org, row.crewId(), conversation, null, "asked for review by email");
                } catch (InvalidInputException e) {
                    reviews.askForPerson(org, row.crewId(), conversation, "asked for review by email; nothing to review yet");
                }
            }
            return conversation;
        }
        if (automatic) {
            return null;
        }
        return channels.receive(org, row.crewId(), Channel.EMAIL, in, Conversations.MAX_MESSAGE_CHARS).conversationId();
    }

    /** Sends, as replies in the thread, the messages of the crew and of people not yet sent, when the person writes. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void changed(ConversationChanged event) {
        try {
            ConversationRepository.ConversationRow c = conversations.find(event.org(), event.conversationId()).orElse(null);
            if (c != null && c.channel().equals(Channel.EMAIL.code())) {
                deliver(event.org(), c.id());
            }
        } catch (RuntimeException e) {
            log.warn("Crews: replies of conversation {} not sent yet: {}", event.conversationId(), e.getMessage());
        }
    }

    /**
     * Every unsent message of the crew or of a person in an email conversation, sent in order as a reply to the
     * contact's newest message, each marked with its Message-ID once the server took it. Messages another node is
     * sending are skipped; one that fails stays unsent for the next check.
     */
    void deliver(OrgId org, UUID conversationId) {
        sending.executeWithoutResult(s -> {
            ConversationRepository.ConversationRow c = conversations.find(org, conversationId).orElseThrow();
            CrewMailboxRepository.Row box = repo.find(org, c.crewId()).orElse(null);
            if (box == null || !c.channel().equals(Channel.EMAIL.code())) {
                return;
            }
            List<ConversationRepository.MessageRow> unsent = conversations.unsent(org, conversationId);
            if (unsent.isEmpty()) {
                return;
            }
            Contacts.Contact contact = contacts.find(org, c.contactId());
            if (contact.email() == null) {
                return;
            }
            Connection sender = usable(org, box.smtpConnectionId(), "The SMTP connection");
            for (ConversationRepository.MessageRow m : unsent) {
                MailRequest.Thread thread = thread(org, conversationId);
                String subject = c.subject() == null || c.subject().isBlank() ? "Your message"
                        : c.subject().regionMatches(true, 0, "Re:", 0, 3) ? c.subject() : "Re: " + c.subject();
                var receipt = smtp.send(new MailRequest(SMTP_PURPOSE, org, m.authorUserId() == null ? null
                        : new dev.charter.shared.UserId(m.authorUserId()), sender.smtpServer(), sender.credential(),
                        box.address(), List.of(contact.email()), subject.length() > 300 ? subject.substring(0, 300) : subject,
                        body(m), "", thread));
                conversations.setMessageId(org, m.id(), receipt.messageId());
            }
        });
    }

    /** The plain text of a reply: the message, the sources of a crew answer, and what the contact can ask for. */
    private String body(ConversationRepository.MessageRow m) {
        StringBuilder b = new StringBuilder(m.body().strip()).append("\n");
        if (m.author().equals("CREW")) {
            JsonNode cited = m.citations() == null ? null : json.readTree(m.citations());
            if (cited != null && cited.isArray() && !cited.isEmpty()) {
                b.append("\nSources:\n");
                for (JsonNode c : cited) {
                    b.append("- ").append(c.path("title").asString(""));
                    String heading = c.path("heading").asString("");
                    if (!heading.isBlank()) {
                        b.append(" — ").append(heading);
                    }
                    b.append("\n");
                }
            }
            b.append("\n--\nThis answer was written automatically. To talk to a person, reply with the word PERSON. "
                    + "To ask a person to review a decision about you, reply with the word REVIEW.\n");
        }
        return b.toString();
    }

    /** The reply answers the contact's newest message; References carries the thread as the mail programs keep it. */
    private MailRequest.Thread thread(OrgId org, UUID conversationId) {
        List<String> ids = new ArrayList<>();
        String last = null;
        for (var m : conversations.messages(org, conversationId)) {
            if (m.messageId() != null && MESSAGE_ID.matcher(m.messageId()).matches()) {
                ids.add(m.messageId());
                if (m.author().equals("CONTACT")) {
                    last = m.messageId();
                }
            }
        }
        if (last == null) {
            return null;
        }
        List<String> references = ids.size() > 20 ? new ArrayList<>(ids.subList(ids.size() - 20, ids.size())) : ids;
        return new MailRequest.Thread(last, references);
    }

    private Connection connection(OrgId org, UUID id, ConnectionKind kind, String field, Map<String, String> errors) {
        if (id == null) {
            errors.put(field, "Choose the " + kind.title() + " connection.");
            return null;
        }
        Connection c = connections.find(org, new ConnectionId(id)).orElse(null);
        if (c == null || c.kind() != kind) {
            errors.put(field, "Choose one of the organization's " + kind.title() + " connections.");
            return null;
        }
        if (!c.usable()) {
            errors.put(field, "This connection is revoked; connect the server again.");
            return null;
        }
        return c;
    }

    private Connection usable(OrgId org, UUID id, String what) {
        Connection c = connections.find(org, new ConnectionId(id)).orElse(null);
        if (c == null || !c.usable()) {
            throw new ConflictException(what + " of the mailbox is revoked: connect the server again and set the mailbox.");
        }
        return c;
    }

    private static Mailbox view(CrewMailboxRepository.Row r) {
        return new Mailbox(r.crewId(), r.imapConnectionId(), r.smtpConnectionId(), r.address(), r.folder(),
                r.checkEverySeconds(), r.messagesRead(), r.lastCheckAt(), r.lastError());
    }

    /** The message ids a header names, in order. */
    static List<String> ids(String header) {
        List<String> out = new ArrayList<>();
        if (header != null) {
            Matcher m = MESSAGE_ID.matcher(header);
            while (m.find() && out.size() < 100) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** The first id a header names (ids are at most 252 characters: they fit the message's 998). */
    private static String first(List<String> ids) {
        return ids.isEmpty() ? null : ids.get(0);
    }

    private static String subject(String subject) {
        if (subject == null) {
            return null;
        }
        String s = subject.replaceAll("[\\p{Cntrl}]", " ").strip();
        return s.isEmpty() ? null : s.length() > 300 ? s.substring(0, 300) : s;
    }

    /**
     * The text the contact wrote in this message: the plain part (else the HTML part's text), without the quoted
     * message it answers (lines starting with {@code >}, and everything from "On … wrote:" on).
     */
    static String newText(MailboxMessage message) {
        String text = message.text() == null || message.text().isBlank()
                ? (message.html() == null ? "" : Jsoup.parse(message.html()).wholeText()) : message.text();
        text = text.replace("\r\n", "\n");
        Matcher wrote = WROTE.matcher(text);
        if (wrote.find()) {
            text = text.substring(0, wrote.start());
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.startsWith(">")) {
                out.append(line).append("\n");
            }
        }
        return out.toString().strip();
    }

    /** Mail no person wrote (RFC 3834 Auto-Submitted, bounces, lists, bulk), or mail from the mailbox itself. */
    static boolean automatic(MailboxMessage m, MailAddress from, String address) {
        String auto = m.header("Auto-Submitted");
        String precedence = m.header("Precedence");
        return (auto != null && !auto.strip().equalsIgnoreCase("no"))
                || (precedence != null && List.of("bulk", "list", "junk").contains(precedence.strip().toLowerCase(Locale.ROOT)))
                || m.header("List-Id") != null || m.header("X-Autoreply") != null
                || from.address().equalsIgnoreCase(address)
                || from.address().toLowerCase(Locale.ROOT).startsWith("mailer-daemon@")
                || from.address().toLowerCase(Locale.ROOT).startsWith("postmaster@");
    }
}
