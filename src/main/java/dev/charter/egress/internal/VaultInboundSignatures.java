package dev.charter.egress.internal;

import dev.charter.egress.InboundSignatures;
import dev.charter.shared.OrgId;
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
        try {
            return credentials.use(org, secret, key -> {
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(key, "HmacSHA256"));
                    return HexFormat.of().formatHex(mac.doFinal(message));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
