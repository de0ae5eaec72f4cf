package dev.charter.egress;

/**
 * The SMTP server answered, and said no: it refused the user name or password, a sender or recipient, or the
 * message; or it does not offer STARTTLS although the connection requires it. {@link #replyCode()} is the SMTP
 * reply code (0 when the refusal is Charter's, as for a missing STARTTLS); {@link #permanent()} is false only for a
 * 4xx reply, which may pass when tried again later. The message quotes the server's reply, never the password.
 */
public final class MailRefusedException extends EgressException {

    private final int replyCode;
    private final boolean permanent;

    public MailRefusedException(String message, int replyCode, boolean permanent) {
        super(message, null);
        this.replyCode = replyCode;
        this.permanent = permanent;
    }

    public int replyCode() {
        return replyCode;
    }

    public boolean permanent() {
        return permanent;
    }
}
