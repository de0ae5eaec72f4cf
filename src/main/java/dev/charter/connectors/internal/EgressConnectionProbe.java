package dev.charter.connectors.internal;

import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.ConnectionProbe;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.egress.MailGateway;
import dev.charter.egress.MailboxGateway;
import dev.charter.egress.MailboxRequest;
import dev.charter.egress.MailRefusedException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.UserId;
import dev.charter.vault.CredentialUnreadableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The live check, through the egress gateway (purpose {@code connectors.verify}): the gateway attaches the
 * credential after its policy check, so this class never holds it. An HTTP API is asked for its verify path
 * with GET; a webhook is sent a short test message (it shows up where the webhook posts); an SMTP server is
 * connected to and logged in to through the {@link MailGateway}, without sending mail.
 */
@Component
class EgressConnectionProbe implements ConnectionProbe {

    static final String PURPOSE = "connectors.verify";
    static final String TEST_MESSAGE = "{\"text\":\"Charter connection test: this webhook is connected.\"}";
    private static final Logger log = LoggerFactory.getLogger(EgressConnectionProbe.class);

    private final ObjectProvider<EgressGateway> gateway;
    private final ObjectProvider<MailGateway> mail;
    private final ObjectProvider<MailboxGateway> mailbox;

    EgressConnectionProbe(ObjectProvider<EgressGateway> gateway, ObjectProvider<MailGateway> mail,
                          ObjectProvider<MailboxGateway> mailbox) {
        this.gateway = gateway;
        this.mail = mail;
        this.mailbox = mailbox;
    }

    @Override
    public Result probe(Connection c, String verifyPath, UserId actor) {
        if (c.kind() == ConnectionKind.SMTP_SERVER) {
            return probeSmtp(c, actor);
        }
        if (c.kind() == ConnectionKind.IMAP_SERVER) {
            return probeImap(c, actor);
        }
        EgressGateway egress = gateway.getIfUnique();
        if (egress == null) {
            return new Result(false, "Live verification is not available on this server (no egress gateway). "
                    + "Save the connection without verifying.");
        }
        boolean webhook = c.kind().webhook();
        EgressRequest.Builder request = EgressRequest.builder(PURPOSE, c.org()).actor(actor).credential(c.credentialUse());
        if (webhook) {
            request.method("POST").header("Content-Type", "application/json").body(TEST_MESSAGE);
        } else {
            request.get(join(c.baseUrl().toString(), verifyPath)).header("Accept", "application/json, */*");
        }
        try {
            EgressResponse response = egress.send(request.build());
            return judge(response.status());
        } catch (EgressDeniedException e) {
            return new Result(false, "Charter's egress gateway refused the request: " + Details.clean(e.reason(), webhook));
        } catch (EgressFailedException e) {
            return new Result(false, "The service could not be reached: " + Details.clean(e.getMessage(), webhook));
        } catch (NotFoundException | CredentialUnreadableException e) {
            return new Result(false, "The credential could not be read. Disconnect and connect again.");
        } catch (RuntimeException e) {
            log.warn("Verifying connection {} failed unexpectedly: {}", c.id(), e.getClass().getName());
            return new Result(false, "The check failed unexpectedly; try again later.");
        }
    }

    /** Connects, says EHLO, starts TLS and logs in; sends no mail. */
    private Result probeSmtp(Connection c, UserId actor) {
        MailGateway smtp = mail.getIfUnique();
        if (smtp == null) {
            return new Result(false, "Live verification is not available on this server (no egress gateway). "
                    + "Save the connection without verifying.");
        }
        try {
            smtp.verify(PURPOSE, c.org(), actor, c.smtpServer(), c.credential());
            return new Result(true, "The SMTP server accepted the login.");
        } catch (EgressDeniedException e) {
            return new Result(false, "Charter's egress gateway refused the connection: " + Details.clean(e.reason(), false));
        } catch (MailRefusedException e) {
            return new Result(false, Details.clean(e.getMessage(), false).replaceFirst("^the", "The") + ".");
        } catch (EgressFailedException e) {
            return new Result(false, "The SMTP server could not be reached: " + Details.clean(e.getMessage(), false));
        } catch (NotFoundException | CredentialUnreadableException e) {
            return new Result(false, "The credential could not be read. Disconnect and connect again.");
        } catch (RuntimeException e) {
            log.warn("Verifying connection {} failed unexpectedly: {}", c.id(), e.getClass().getName());
            return new Result(false, "The check failed unexpectedly; try again later.");
        }
    }

    /** Connects, starts TLS, logs in and opens the inbox; reads no message. */
    private Result probeImap(Connection c, UserId actor) {
        MailboxGateway imap = mailbox.getIfUnique();
        if (imap == null) {
            return new Result(false, "Live verification is not available on this server (no egress gateway). "
                    + "Save the connection without verifying.");
        }
        try {
            imap.verify(new MailboxRequest(PURPOSE, c.org(), actor, c.imapServer(), c.credential(), "INBOX"));
            return new Result(true, "The IMAP server accepted the login and opened the inbox.");
        } catch (EgressDeniedException e) {
            return new Result(false, "Charter's egress gateway refused the connection: " + Details.clean(e.reason(), false));
        } catch (MailRefusedException e) {
            return new Result(false, Details.clean(e.getMessage(), false).replaceFirst("^the", "The") + ".");
        } catch (EgressFailedException e) {
            return new Result(false, "The IMAP server could not be reached: " + Details.clean(e.getMessage(), false));
        } catch (NotFoundException | CredentialUnreadableException e) {
            return new Result(false, "The credential could not be read. Disconnect and connect again.");
        } catch (RuntimeException e) {
            log.warn("Verifying connection {} failed unexpectedly: {}", c.id(), e.getClass().getName());
            return new Result(false, "The check failed unexpectedly; try again later.");
        }
    }

    private static Result judge(int status) {
        if (status >= 200 && status < 400) {
            return new Result(true, "The service answered " + status + ".");
        }
        if (status == 401 || status == 403) {
            return new Result(false, "The service answered " + status + ": it refused the credential. Check that it is "
                    + "current and has the scopes needed.");
        }
        if (status == 404 || status == 410) {
            return new Result(false, "The service answered " + status + ": nothing at this address. Check the URL "
                    + "(for an API, the verify path).");
        }
        return new Result(false, "The service answered " + status + ".");
    }

    static String join(String base, String path) {
        if (path == null || path.isBlank()) {
            return base;
        }
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
