package dev.charter.egress;

import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;

/**
 * Checks of incoming webhooks against a secret the provider shares with Charter (a signing secret, a verification
 * token), done inside the gateway so the secret is decrypted only here, for the length of the check, like every other
 * credential (EGR-3): callers hand in what arrived and get a yes or no, or a keyed hash the provider asks to see; never
 * the secret.
 */
public interface InboundSignatures {

    /**
     * The lower-case hex HMAC-SHA256 of {@code message} keyed with the stored secret (Zoom's {@code x-zm-signature}
     * is {@code v0=} followed by this over {@code v0:<timestamp>:<body>}; its URL validation answers with this over
     * the plain token).
     */
    String hmacSha256Hex(OrgId org, SecretRef secret, byte[] message);

    /**
     * The HMAC-SHA256 of {@code parts}, in order, keyed with the stored secret in the given form: for the signature
     * schemes of webhook senders (GitHub, Stripe, Slack, Shopify, Standard Webhooks), whose secrets they issue.
     *
     * @throws dev.charter.shared.NotFoundException        when the secret does not exist for {@code org}
     * @throws dev.charter.vault.CredentialUnreadableException when it does not decrypt or does not fit {@code form}
     */
    byte[] hmacSha256(OrgId org, SecretRef secret, MacKeyForm form, byte[]... parts);

    /** True when {@code presented} equals the stored secret (compared in constant time). */
    boolean matches(OrgId org, SecretRef secret, String presented);
}
