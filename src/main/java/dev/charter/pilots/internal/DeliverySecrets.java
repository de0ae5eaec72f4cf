package dev.charter.pilots.internal;

import dev.charter.storage.CharterSettings;
import dev.charter.storage.KeyFiles;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Per-Pilot delivery secrets (PIL-2) that are never stored: a Pilot keeps a random nonce, and its
 * secret is HMAC-SHA256(server key, pilot id ‖ nonce). Rotating replaces the nonce. The database
 * alone cannot produce a secret; comparisons are constant-time.
 */
@Component
public class DeliverySecrets {

    private static final SecureRandom random = new SecureRandom();

    private final byte[] key;

    DeliverySecrets(CharterSettings settings, PilotsSettings pilots) {
        String configured = pilots.deliveryKey();
        this.key = configured != null && !configured.isBlank() ? Base64.getDecoder().decode(configured.trim())
                : KeyFiles.readOrCreate(settings.dataDir().resolve("keys").resolve("pilots-delivery.key"), 32,
                        "Pilots delivery", "CHARTER_PILOTS_DELIVERY_KEY");
    }

    static byte[] newNonce() {
        byte[] n = new byte[16];
        random.nextBytes(n);
        return n;
    }

    String secret(UUID pilot, byte[] nonce) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, (pilot + ":").getBytes(StandardCharsets.UTF_8), nonce));
    }

    boolean matches(UUID pilot, byte[] nonce, String presented) {
        if (presented == null || presented.length() > 200) {
            return false;
        }
        return MessageDigest.isEqual(secret(pilot, nonce).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** Checks {@code X-Charter-Signature: sha256=<hex of HMAC-SHA256(secret, body)>} for senders that sign. */
    boolean signatureMatches(UUID pilot, byte[] nonce, byte[] body, String header) {
        if (header == null || !header.startsWith("sha256=") || header.length() != 7 + 64) {
            return false;
        }
        byte[] expected = mac(secret(pilot, nonce).getBytes(StandardCharsets.US_ASCII), body);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(7));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    private static byte[] mac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

}
