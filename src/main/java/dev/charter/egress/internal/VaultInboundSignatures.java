package dev.charter.egress.internal;

import dev.charter.egress.InboundSignatures;
import dev.charter.egress.MacKeyForm;
import dev.charter.shared.OrgId;
import dev.charter.vault.CredentialUnreadableException;
import dev.charter.vault.SecretRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/** {@link InboundSignatures} over the vault: the secret is decrypted for one check and wiped. */
@Component
class VaultInboundSignatures implements InboundSignatures {

    private final CredentialAccess credentials;

    VaultInboundSignatures(CredentialAccess credentials) {
        this.credentials = credentials;
    }

    @Override
    public String hmacSha256Hex(OrgId org, SecretRef secret, byte[] message) {
        return HexFormat.of().formatHex(hmacSha256(org, secret, MacKeyForm.AS_STORED, message));
    }

    @Override
    public byte[] hmacSha256(OrgId org, SecretRef secret, MacKeyForm form, byte[]... parts) {
        try {
            return credentials.use(org, secret, stored -> {
                byte[] key = form == MacKeyForm.AS_STORED ? stored : standardWebhooksKey(secret, stored);
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(key, "HmacSHA256"));
                    for (byte[] part : parts) {
                        mac.update(part);
                    }
                    return mac.doFinal();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
                } finally {
                    if (key != stored) {
                        java.util.Arrays.fill(key, (byte) 0);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes a Standard Webhooks secret ({@code whsec_} and base64) stands for. */
    private static byte[] standardWebhooksKey(SecretRef ref, byte[] secret) {
        String text = new String(secret, StandardCharsets.US_ASCII);
        try {
            return java.util.Base64.getDecoder().decode(text.startsWith("whsec_") ? text.substring(6) : text);
        } catch (IllegalArgumentException e) {
            throw new CredentialUnreadableException("Credential " + ref.credentialId()
                    + " is not a Standard Webhooks secret (whsec_ followed by base64)");
        }
    }

    @Override
    public boolean matches(OrgId org, SecretRef secret, String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return false;
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        try {
            return credentials.use(org, secret, key -> MessageDigest.isEqual(key, given));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
