package dev.charter.egress.internal;

import dev.charter.egress.Destination;
import dev.charter.egress.DlpAction;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.Header;
import dev.charter.egress.MailGateway;
import dev.charter.egress.MailReceipt;
import dev.charter.egress.MailRequest;
import dev.charter.egress.SmtpSecurity;
import dev.charter.egress.SmtpServer;
import dev.charter.egress.internal.dlp.CredentialFingerprints;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.vault.SecretRef;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail side of the gateway. For every message, in this order: the credential belongs to the organization, the
 * addresses and subject are well formed, the purpose's allowlist ({@link Destination#smtp()}: the connection's own
 * host on an SMTP port), the size limit, DNS (once), the address check on every resolved address, plain SMTP only to
 * a range the operator allowed, DLP on subject, addresses and bodies, the rate limit; then the audit record, and only
 * then the credential is decrypted and the session opened to the checked address. Any refusal is audited and thrown
 * as {@link EgressDeniedException} before a byte leaves.
 */
final class DefaultMailGateway implements MailGateway {

    private static final Logger log = LoggerFactory.getLogger(DefaultMailGateway.class);
    static final int MAX_RECIPIENTS = 100;

    /** A session that passed every check. */
    private record Allowed(Target target, ResolvedAddresses resolved, EgressPolicy policy, EgressAudit.Facts facts,
                           String credentialId) {}

    private final PolicyEngine policies;
    private final HostResolver resolver;
    private final RateLimits rates;
    private final OutboundDlp dlp;
    private final CredentialAccess credentials;
    private final ServerCredentials servers;
    private final EgressAudit audit;
    private final SmtpClient smtp;

    DefaultMailGateway(PolicyEngine policies, HostResolver resolver, RateLimits rates, OutboundDlp dlp,
                       CredentialAccess credentials, ServerCredentials servers, EgressAudit audit, SmtpClient smtp) {
        this.policies = policies;
        this.resolver = resolver;
        this.rates = rates;
        this.dlp = dlp;
        this.credentials = credentials;
        this.servers = servers;
        this.audit = audit;
        this.smtp = smtp;
    }

    @Override
    public MailReceipt send(MailRequest r) {
        EgressAudit.Facts facts = facts(r.server());
        Denier deny = (reason, details) -> {
            audit.mailDenied(r.purpose(), r.org(), r.actor(), facts, reason, details);
            log.info("Egress denied for purpose {}: {}", r.purpose(), reason);
            return new EgressDeniedException(reason);
        };
        String shape = shapeRefusal(r);
        if (shape != null) {
            throw deny.deny(shape, Map.of());
        }
        Allowed a = decide(r.purpose(), r.org(), r.server(), r.credential(), facts, deny);
        long size = bytes(r.subject()) + bytes(r.text()) + bytes(r.html());
        if (size > a.policy().limits().maxRequestBytes()) {
            throw deny.deny("the message has " + size + " bytes, more than the limit of "
                    + a.policy().limits().maxRequestBytes() + " for purpose '" + r.purpose() + "'", Map.of());
        }
        // DLP: no stored credential (this connection's password included) and no known token format may go out in a mail
        CredentialFingerprints fingerprints = servers.with(credentials.fingerprints(r.org()));
        List<Header> headers = List.of(new Header("Subject", r.subject()), new Header("From", r.from()),
                new Header("To", String.join(", ", r.to())));
        byte[] text = r.text().getBytes(StandardCharsets.UTF_8);
        byte[] html = r.html().getBytes(StandardCharsets.UTF_8);
        OutboundDlp.Result inTextAndHeaders = dlp.scanContent(headers, text, fingerprints, null);
        OutboundDlp.Result inHtml = dlp.scanContent(List.of(), html, fingerprints, null);
        String dlpNote = null;
        SmtpClient.Mail mail = new SmtpClient.Mail(r.from(), r.to(), r.subject(), r.text(), r.html(), r.thread());
        if (!inTextAndHeaders.clean() || !inHtml.clean()) {
            OutboundDlp.Result all = new OutboundDlp.Result(inTextAndHeaders.headers(),
                    concat(inTextAndHeaders.body(), inHtml.body()));
            boolean inAddresses = inTextAndHeaders.headers().containsKey(1) || inTextAndHeaders.headers().containsKey(2);
            if (a.policy().dlp() == DlpAction.BLOCK || inAddresses) {
                throw deny.deny("the message contains " + describe(inTextAndHeaders, inHtml)
                        + "; remove it, or store it as a connection's credential", all.auditDetails());
            }
            List<Header> replaced = dlp.replaceInHeaders(r.org(), headers, inTextAndHeaders);
            mail = new SmtpClient.Mail(r.from(), r.to(), replaced.get(0).value(),
                    new String(dlp.replaceInBody(r.org(), text, inTextAndHeaders), StandardCharsets.UTF_8),
                    new String(dlp.replaceInBody(r.org(), html, inHtml), StandardCharsets.UTF_8), r.thread());
            dlpNote = "replaced " + all.summary() + all.credentialNote();
        }
        rateLimit(r.org(), r.purpose(), a, deny);
        audit.mailAllowed(r, facts, "allowed by the policy of purpose '" + r.purpose() + "'",
                a.resolved().first().getHostAddress(), a.credentialId(), dlpNote);
        log.debug("Egress allowed: {} SMTP {}", r.purpose(), r.server().uri());
        SmtpClient.Mail message = mail;
        try {
            String[] answer = credentials.use(r.org(), r.credential(), secret -> smtp.send(r.server(),
                    a.resolved().first(), a.policy().limits(), login(secret, deny), message));
            return new MailReceipt(answer[0], r.to(), answer[1] == null ? "" : answer[1].strip());
        } catch (IOException e) {
            throw failed(r.server(), e);
        }
    }

    @Override
    public void verify(String purpose, OrgId org, UserId actor, SmtpServer server, SecretRef credential) {
        EgressAudit.Facts facts = facts(server);
        Denier deny = (reason, details) -> {
            audit.mailDenied(purpose, org, actor, facts, reason, details);
            log.info("Egress denied for purpose {}: {}", purpose, reason);
            return new EgressDeniedException(reason);
        };
        Allowed a = decide(purpose, org, server, credential, facts, deny);
        rateLimit(org, purpose, a, deny);
        audit.checkAllowed(purpose, org, actor, facts, "allowed by the policy of purpose '" + purpose + "'",
                a.resolved().first().getHostAddress(), a.credentialId());
        try {
            credentials.use(org, credential, secret -> {
                smtp.check(server, a.resolved().first(), a.policy().limits(), login(secret, deny));
                return null;
            });
        } catch (IOException e) {
            throw failed(server, e);
        }
    }

    @FunctionalInterface
    private interface Denier {
        EgressDeniedException deny(String reason, Map<String, String> details);
    }

    private Allowed decide(String purpose, OrgId org, SmtpServer server, SecretRef credential, EgressAudit.Facts facts,
                           Denier deny) {
        if (!credential.org().equals(org)) {
            throw deny.deny("the credential does not belong to the organization the mail is sent for", Map.of());
        }
        String credentialId = credentials.id(credential);
        Target target = new Target(purpose, facts.scheme(), server.host(), server.port(), Destination.SMTP_METHOD, "/",
                server.uri());
        PolicyDecision pre = policies.precheck(target);
        if (!pre.allowed()) {
            throw deny.deny(pre.reason(), Map.of());
        }
        ResolvedAddresses resolved;
        try {
            byte[] literal = Cidr.literal(server.host());
            resolved = new ResolvedAddresses(server.host(), literal != null
                    ? List.of(InetAddress.getByAddress(literal)) : resolver.resolve(server.host()));
        } catch (UnknownHostException e) {
            throw deny.deny("host " + server.host() + " does not resolve", Map.of());
        }
        PolicyDecision decision = policies.decide(target, resolved);
        if (!decision.allowed()) {
            throw deny.deny(decision.reason(), Map.of());
        }
        if (server.security() == SmtpSecurity.PLAIN && !policies.operatorAllowedAll(resolved)) {
            throw deny.deny("SMTP without TLS would send the password and the mail readable; it is only allowed to "
                    + "addresses in charter.egress.allowed-private-ranges, and " + server.host()
                    + " is not one. Use STARTTLS or TLS", Map.of());
        }
        return new Allowed(target, resolved, decision.policy(), facts, credentialId);
    }

    private void rateLimit(OrgId org, String purpose, Allowed a, Denier deny) {
        int perMinute = a.policy().limits().requestsPerMinute();
        if (!rates.tryAcquire(org + "|" + purpose + "|" + a.target().host(), perMinute)) {
            throw deny.deny("more than " + perMinute + " requests per minute to " + a.target().host()
                    + " for purpose '" + purpose + "'", Map.of());
        }
    }

    /** A message id as a header carries it: {@code <left@right>}, printable ASCII without spaces, at most 250. */
    static boolean messageId(String id) {
        return id != null && id.length() <= 250 && id.matches("<[!-;=?-~]+@[!-;=?-~]+>");
    }

    /** Why the message cannot be sent as given, or null. Never quotes the subject or body. */
    static String shapeRefusal(MailRequest r) {
        if (r.to().isEmpty()) {
            return "the message has no recipient";
        }
        if (r.to().size() > MAX_RECIPIENTS) {
            return "the message has more than " + MAX_RECIPIENTS + " recipients";
        }
        if (!address(r.from(), true)) {
            return "the sender is not an email address";
        }
        for (int i = 0; i < r.to().size(); i++) {
            if (!address(r.to().get(i), false)) {
                return "recipient " + (i + 1) + " is not an email address";
            }
        }
        if (r.subject().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "the subject contains a line break or control character";
        }
        if (r.thread() != null) {
            if (!messageId(r.thread().inReplyTo()) || r.thread().references().size() > 50
                    || !r.thread().references().stream().allMatch(DefaultMailGateway::messageId)) {
                return "the message ids it answers are not <id@domain> tokens (at most 50)";
            }
        }
        if (r.text().isEmpty() && r.html().isEmpty()) {
            return "the message has no body";
        }
        return null;
    }

    private static boolean address(String value, boolean withName) {
        if (value == null || value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false;
        }
        try {
            InternetAddress a = new InternetAddress(value, true);
            a.validate();
            return (withName || a.getPersonal() == null) && a.getAddress().indexOf('@') > 0;
        } catch (AddressException e) {
            return false;
        }
    }

    /** {@code user:password} as stored; the user name ends at the first colon. */
    private static SmtpClient.Login login(byte[] secret, Denier deny) {
        String value = new String(secret, StandardCharsets.UTF_8);
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw deny.deny("the stored SMTP credential is not a user name and password", Map.of());
        }
        return new SmtpClient.Login(value.substring(0, colon), value.substring(colon + 1));
    }

    private static EgressAudit.Facts facts(SmtpServer server) {
        return new EgressAudit.Facts(0, server.security() == SmtpSecurity.TLS ? "smtps" : "smtp", server.host(),
                server.port(), Destination.SMTP_METHOD, null, false);
    }

    private static EgressFailedException failed(SmtpServer server, IOException e) {
        String where = server.uri().toString();
        String message;
        if (e instanceof SocketTimeoutException) {
            message = where + " did not answer in time";
        } else if (e instanceof ConnectException) {
            message = where + " refused the connection";
        } else if (e instanceof SSLException) {
            message = "TLS with " + where + " failed: " + e.getMessage();
        } else {
            message = "the exchange with " + where + " failed: " + e.getMessage();
        }
        return new EgressFailedException(message, e);
    }

    private static String describe(OutboundDlp.Result headersAndText, OutboundDlp.Result html) {
        List<String> parts = new ArrayList<>();
        String[] names = {"the subject", "the sender", "the recipients"};
        headersAndText.headers().forEach((i, found) -> found.stream().map(f -> "a " + f.label() + " in " + names[i])
                .distinct().forEach(parts::add));
        headersAndText.body().stream().map(f -> "a " + f.label() + " in the text").distinct().forEach(parts::add);
        html.body().stream().map(f -> "a " + f.label() + " in the HTML").distinct().forEach(parts::add);
        return String.join(", ", parts.stream().distinct().toList());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
