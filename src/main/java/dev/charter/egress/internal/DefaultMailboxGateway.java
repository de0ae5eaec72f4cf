package dev.charter.egress.internal;

import dev.charter.egress.Destination;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.Header;
import dev.charter.egress.ImapSecurity;
import dev.charter.egress.ImapServer;
import dev.charter.egress.MailboxGateway;
import dev.charter.egress.MailboxListing;
import dev.charter.egress.MailboxMessage;
import dev.charter.egress.MailboxRequest;
import dev.charter.egress.MailRefusedException;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailbox side of the gateway. For every session, in this order: the credential belongs to the organization, the
 * request is well formed, the purpose's allowlist ({@link Destination#imap()}: the connection's own host on an IMAP
 * port), DNS (once), the address check on every resolved address, IMAP without TLS only to a range the operator
 * allowed, the rate limit; then the audit record (operation and UIDs, never content), and only then the credential is
 * decrypted and the session opened to the checked address. Any refusal is audited and thrown as
 * {@link EgressDeniedException} before a byte leaves. A message larger than the purpose's response limit is refused
 * before its content is fetched.
 */
final class DefaultMailboxGateway implements MailboxGateway {

    private static final Logger log = LoggerFactory.getLogger(DefaultMailboxGateway.class);
    static final int MAX_LISTED = 500;
    static final int MAX_FIELDS = 30;

    private record Allowed(ResolvedAddresses resolved, EgressPolicy policy, String credentialId) {}

    private final PolicyEngine policies;
    private final HostResolver resolver;
    private final RateLimits rates;
    private final CredentialAccess credentials;
    private final EgressAudit audit;
    private final ImapClient imap;

    DefaultMailboxGateway(PolicyEngine policies, HostResolver resolver, RateLimits rates, CredentialAccess credentials,
                          EgressAudit audit, ImapClient imap) {
        this.policies = policies;
        this.resolver = resolver;
        this.rates = rates;
        this.credentials = credentials;
        this.audit = audit;
        this.imap = imap;
    }

    @Override
    public MailboxListing newMessages(MailboxRequest r, long uidValidity, long afterUid, int max) {
        if (max < 1 || max > MAX_LISTED || afterUid < 0) {
            throw deny(r, "list at most " + MAX_LISTED + " messages after a UID of 0 or more", Map.of());
        }
        return run(r, "list", false, (folder, policy) -> ImapClient.list(folder, uidValidity, afterUid, max));
    }

    @Override
    public MailboxMessage fetch(MailboxRequest r, long uidValidity, long uid) {
        return run(r, "fetch", false, (folder, policy) -> {
            Message m = message(r, folder, uidValidity, uid);
            long limit = policy.limits().maxResponseBytes();
            if (m.getSize() > limit) {
                throw deny(r, "message " + uid + " has " + m.getSize() + " bytes, more than the limit of " + limit
                        + " for purpose '" + r.purpose() + "'; it was not fetched", Map.of());
            }
            return ImapClient.whole(m, uid, uidValidity);
        });
    }

    @Override
    public List<Header> headerFields(MailboxRequest r, long uidValidity, long uid, List<String> fields) {
        Set<String> names = new LinkedHashSet<>();
        for (String f : fields) {
            if (f == null || !f.matches("[A-Za-z0-9-]{1,76}")) {
                throw deny(r, "a header field name is letters, digits and '-' only", Map.of());
            }
            names.add(f);
        }
        if (names.isEmpty() || names.size() > MAX_FIELDS) {
            throw deny(r, "name between 1 and " + MAX_FIELDS + " header fields", Map.of());
        }
        return run(r, "header-fields", false, (folder, policy) ->
                ImapClient.fields(folder, message(r, folder, uidValidity, uid), new ArrayList<>(names)));
    }

    @Override
    public void markSeen(MailboxRequest r, long uidValidity, long uid) {
        run(r, "mark-seen", true, (folder, policy) -> {
            message(r, folder, uidValidity, uid).setFlag(Flags.Flag.SEEN, true);
            return null;
        });
    }

    @Override
    public void verify(MailboxRequest r) {
        run(r, "verify", false, (folder, policy) -> null);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(org.eclipse.angus.mail.imap.IMAPFolder folder, EgressPolicy policy) throws jakarta.mail.MessagingException, IOException;
    }

    private <T> T run(MailboxRequest r, String operation, boolean write, Work<T> work) {
        EgressAudit.Facts facts = facts(r.server());
        Allowed a = decide(r, facts);
        audit.checkAllowed(r.purpose(), r.org(), r.actor(), facts, "allowed by the policy of purpose '" + r.purpose()
                + "' (" + operation + ")", a.resolved().first().getHostAddress(), a.credentialId());
        log.debug("Egress allowed: {} IMAP {} {}", r.purpose(), r.server().uri(), operation);
        try {
            return credentials.use(r.org(), r.credential(), secret -> imap.session(r.server(), a.resolved().first(),
                    a.policy().limits(), login(r, secret), r.folder(), write, folder -> work.run(folder, a.policy())));
        } catch (IOException e) {
            throw failed(r.server(), e);
        }
    }

    private Message message(MailboxRequest r, org.eclipse.angus.mail.imap.IMAPFolder folder, long uidValidity, long uid)
            throws jakarta.mail.MessagingException {
        if (folder.getUIDValidity() != uidValidity) {
            throw new MailRefusedException("the folder '" + r.folder() + "' has a new UIDVALIDITY; list it again", 0, true);
        }
        Message m = ImapClient.byUid(folder, uid);
        if (m == null) {
            throw new MailRefusedException("the folder '" + r.folder() + "' has no message with UID " + uid, 0, true);
        }
        return m;
    }

    private Allowed decide(MailboxRequest r, EgressAudit.Facts facts) {
        if (!r.credential().org().equals(r.org())) {
            throw deny(r, "the credential does not belong to the organization the mailbox is read for", Map.of());
        }
        String credentialId = credentials.id(r.credential());
        ImapServer server = r.server();
        Target target = new Target(r.purpose(), facts.scheme(), server.host(), server.port(), Destination.IMAP_METHOD, "/",
                server.uri());
        PolicyDecision pre = policies.precheck(target);
        if (!pre.allowed()) {
            throw deny(r, pre.reason(), Map.of());
        }
        ResolvedAddresses resolved;
        try {
            byte[] literal = Cidr.literal(server.host());
            resolved = new ResolvedAddresses(server.host(), literal != null
                    ? List.of(InetAddress.getByAddress(literal)) : resolver.resolve(server.host()));
        } catch (UnknownHostException e) {
            throw deny(r, "host " + server.host() + " does not resolve", Map.of());
        }
        PolicyDecision decision = policies.decide(target, resolved);
        if (!decision.allowed()) {
            throw deny(r, decision.reason(), Map.of());
        }
        if (server.security() == ImapSecurity.PLAIN && !policies.operatorAllowedAll(resolved)) {
            throw deny(r, "IMAP without TLS would send the password and the mail readable; it is only allowed to "
                    + "addresses in charter.egress.allowed-private-ranges, and " + server.host()
                    + " is not one. Use STARTTLS or TLS", Map.of());
        }
        int perMinute = decision.policy().limits().requestsPerMinute();
        if (!rates.tryAcquire(r.org() + "|" + r.purpose() + "|" + server.host(), perMinute)) {
            throw deny(r, "more than " + perMinute + " sessions per minute to " + server.host() + " for purpose '"
                    + r.purpose() + "'", Map.of());
        }
        return new Allowed(resolved, decision.policy(), credentialId);
    }

    private EgressDeniedException deny(MailboxRequest r, String reason, Map<String, String> details) {
        audit.mailDenied(r.purpose(), r.org(), r.actor(), facts(r.server()), reason, details);
        log.info("Egress denied for purpose {}: {}", r.purpose(), reason);
        return new EgressDeniedException(reason);
    }

    /** {@code user:password} as stored; the user name ends at the first colon. */
    private ImapClient.Login login(MailboxRequest r, byte[] secret) {
        String value = new String(secret, StandardCharsets.UTF_8);
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw deny(r, "the stored IMAP credential is not a user name and password", Map.of());
        }
        return new ImapClient.Login(value.substring(0, colon), value.substring(colon + 1));
    }

    private static EgressAudit.Facts facts(ImapServer server) {
        return new EgressAudit.Facts(0, server.security() == ImapSecurity.TLS ? "imaps" : "imap", server.host(),
                server.port(), Destination.IMAP_METHOD, null, false);
    }

    private static EgressFailedException failed(ImapServer server, IOException e) {
        String where = server.uri().toString();
        String message;
        if (e instanceof SocketTimeoutException) {
            message = where + " did not answer in time";
        } else if (e instanceof ConnectException) {
            message = where + " refused the connection";
        } else if (e instanceof SSLException) {
            message = "TLS with " + where + " failed: " + e.getMessage();
        } else {
            message = "the exchange with " + where + " failed: " + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        }
        return new EgressFailedException(message, e);
    }
}
