package dev.charter.reviews;

/** What one signal records. */
public enum SignalKind {
    /** A pull request: number, title, state, author, created/merged/closed times, draft. */
    PULL_REQUEST,
    /** An issue: key, summary, status, assignee, created and resolution times. */
    ISSUE,
    /** One change of an issue's status: from, to, who, when. */
    STATUS_CHANGE,
    /** Messages one person posted in one channel on one day: a count, never a text. */
    MESSAGES,
    /** One email's headers: From, To, Cc, Date, Message-ID, In-Reply-To, and Subject where the organization allows it. */
    EMAIL,
    /**
     * One result of an analysed customer call the reviewee took (an opt-in organization's, REV-5): the measure in
     * {@code facts.measure} (talk share, longest monologue, questions asked, sentiment, a topic, a next step) and its
     * value; never the transcript.
     */
    CALL
}
