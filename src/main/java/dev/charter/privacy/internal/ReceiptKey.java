package dev.charter.privacy.internal;

import dev.charter.storage.CharterSettings;
import dev.charter.storage.KeyFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.springframework.stereotype.Component;

/**
 * The Ed25519 key that signs erasure receipts: {@code CHARTER_PRIVACY_RECEIPT_KEY} (base64 of a
 * 32-byte seed), or a key file created with owner-only permissions under the data folder. The
 * public key is published so anyone can verify a receipt without asking Charter.
 */
@Component
class ReceiptKey {

    static final String ALGORITHM = "Ed25519";
    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters publicKey;
    private final String keyId;

    ReceiptKey(PrivacySettings settings, CharterSettings charter) {
        byte[] seed = settings.receiptKey() != null && !settings.receiptKey().isBlank()
                ? decode(settings.receiptKey())
                : fromFile(charter.dataDir().resolve("keys").resolve("receipt-ed25519.key"));
        this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        this.publicKey = privateKey.generatePublicKey();
        this.keyId = HexFormat.of().formatHex(sha256(publicKey.getEncoded()), 0, 8);
    }

    String keyId() {
        return keyId;
    }

    /** The raw 32-byte public key, base64. */
    String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    String sign(String canonical) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        byte[] msg = canonical.getBytes(StandardCharsets.UTF_8);
        signer.update(msg, 0, msg.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.generateSignature());
    }

    boolean verify(String canonical, String signature) {
        byte[] sig;
        try {
            sig = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKey);
        byte[] msg = canonical.getBytes(StandardCharsets.UTF_8);
        verifier.update(msg, 0, msg.length);
        return verifier.verifySignature(sig);
    }

    private static byte[] decode(String base64) {
        byte[] k = Base64.getDecoder().decode(base64.trim());
        if (k.length != 32) {
            throw new IllegalStateException("CHARTER_PRIVACY_RECEIPT_KEY must be a base64 Ed25519 seed of exactly 32 bytes");
        }
        return k;
    }

    private static byte[] fromFile(Path file) {
        return decode(Base64.getEncoder().encodeToString(
                KeyFiles.readOrCreate(file, 32, "erasure-receipt signing", "CHARTER_PRIVACY_RECEIPT_KEY")));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
