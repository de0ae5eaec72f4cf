package dev.charter.egress;

/** How a stored signing secret's bytes become the key of {@link InboundSignatures#hmacSha256}. */
public enum MacKeyForm {
    /** The secret's bytes as stored (GitHub, Stripe's whole {@code whsec_…} string, Slack, Shopify). */
    AS_STORED,
    /**
     * Standard Webhooks: the secret is {@code whsec_} followed by base64; the key is the decoded bytes. A secret
     * without the prefix is decoded whole.
     */
    BASE64_AFTER_WHSEC
}
