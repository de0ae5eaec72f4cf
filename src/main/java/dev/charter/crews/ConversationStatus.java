package dev.charter.crews;

/** Where a conversation stands. */
public enum ConversationStatus {
    /** The crew answers. */
    CREW,
    /** Handed over: waiting for a person of the organization. */
    WAITING,
    /** A person has taken it over; the crew no longer answers in it. */
    OPEN,
    /** Done. */
    RESOLVED
}
