package dev.charter.egress;

/** Something stopped an outbound request. Messages name hosts, paths and reasons, never bodies or header values. */
public abstract sealed class EgressException extends RuntimeException
        permits EgressDeniedException, EgressFailedException, MailRefusedException {

    EgressException(String message, Throwable cause) {
        super(message, cause);
    }
}
