package dev.charter.reviews.calls.internal;

import java.util.List;
import java.util.Locale;

/**
 * The internal-meeting rule (REV-6). The organization lists its email domains. An attendee is internal when the
 * domain of their email is one of those domains or a subdomain of one (case-insensitive: {@code Ana@Sales.Example.COM}
 * is internal to {@code example.com}); external when they have an email outside them; unknown when they have no
 * email (a hidden Zoom guest, a phone dial-in). A Teams or Zoom meeting is analysed only when at least one attendee is
 * external; unknown attendees do not count as external. An Aircall call is a call with a customer: always external.
 */
public final class InternalMeetingRule {

    /** An attendee as the provider lists them; {@code email} may be null or blank. */
    public record Attendee(String name, String email) {}

    /** The decision, with the counts shown on the calls list. */
    public record Decision(boolean analyse, int internal, int external, int unknown, String reason) {}

    private final List<String> domains;

    public InternalMeetingRule(List<String> domains) {
        this.domains = domains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).toList();
    }

    /** For a Zoom or Teams meeting. */
    public Decision meeting(List<Attendee> attendees) {
        int internal = 0;
        int external = 0;
        int unknown = 0;
        for (Attendee a : attendees) {
            switch (classify(a.email())) {
                case INTERNAL -> internal++;
                case EXTERNAL -> external++;
                case UNKNOWN -> unknown++;
            }
        }
        if (external > 0) {
            return new Decision(true, internal, external, unknown, null);
        }
        String reason = domains.isEmpty()
                ? "Skipped: the organization has not listed its email domains, so no attendee can be told to be external."
                : "Skipped as an internal meeting: no attendee has an email outside " + String.join(", ", domains)
                + " (" + internal + " internal" + (unknown > 0 ? ", " + unknown + " without an email, not counted as external" : "")
                + ").";
        return new Decision(false, internal, external, unknown, reason);
    }

    /** For an Aircall call: the other party is a customer. */
    public static Decision aircall() {
        return new Decision(true, 1, 1, 0, null);
    }

    enum Kind { INTERNAL, EXTERNAL, UNKNOWN }

    Kind classify(String email) {
        if (email == null || email.isBlank()) {
            return Kind.UNKNOWN;
        }
        String e = email.strip().toLowerCase(Locale.ROOT);
        int at = e.lastIndexOf('@');
        if (at <= 0 || at == e.length() - 1) {
            return Kind.UNKNOWN;
        }
        String domain = e.substring(at + 1);
        while (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        for (String d : domains) {
            if (domain.equals(d) || domain.endsWith("." + d)) {
                return Kind.INTERNAL;
            }
        }
        return Kind.EXTERNAL;
    }
}
