package dev.charter.privacy;

/** Why Charter may hold a kind of data (GDPR Art. 6), as shown on the data-contract page. */
public enum LegalBasis {
    CONTRACT("Needed to provide the service the organization signed up for"),
    LEGAL_OBLIGATION("Required by law (security records, bookkeeping)"),
    LEGITIMATE_INTEREST("Legitimate interest in running a secure, working service; you can object"),
    CONSENT("Explicit consent, which can be withdrawn at any time"),
    OPERATIONAL("Not personal data: the software's own bookkeeping");

    private final String explanation;

    LegalBasis(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }
}
