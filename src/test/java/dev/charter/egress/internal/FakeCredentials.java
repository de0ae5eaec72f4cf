package dev.charter.egress.internal;

import dev.charter.egress.internal.dlp.CredentialFingerprints;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A vault stand-in: stores plaintexts per organization, counts every decryption, and offers keyed fingerprints
 * the way the vault does (HMAC of the plaintext), so tests can prove when a credential was and was not decrypted.
 */
final class FakeCredentials implements CredentialAccess {

    private final byte[] key = "test-fingerprint-key-32-bytes-long!".getBytes(StandardCharsets.UTF_8);
    private final Map<SecretRef, String> plaintexts = new HashMap<>();
    final AtomicInteger decryptions = new AtomicInteger();

    SecretRef store(OrgId org, String plaintext) {
        SecretRef ref = new SecretRef(org, UUID.randomUUID(), "test");
        plaintexts.put(ref, plaintext);
        return ref;
    }

    @Override
    public <T> T use(OrgId org, SecretRef ref, SecretUse<T> use) throws IOException {
        if (!ref.org().equals(org) || !plaintexts.containsKey(ref)) {
            throw new IllegalStateException("not this organization's credential");
        }
        decryptions.incrementAndGet();
        byte[] secret = plaintexts.get(ref).getBytes(StandardCharsets.UTF_8);
        try {
            return use.apply(secret);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    @Override
    public CredentialFingerprints fingerprints(OrgId org) {
        Map<String, String> byHash = new HashMap<>();
        Set<Integer> lengths = new HashSet<>();
        plaintexts.forEach((ref, p) -> {
            if (ref.org().equals(org)) {
                byHash.put(hmac(p), ref.credentialId().toString());
                lengths.add(p.length());
            }
        });
        return new CredentialFingerprints() {
            @Override
            public String match(String candidate) {
                return byHash.get(hmac(candidate));
            }

            @Override
            public boolean plausibleLength(int length) {
                return lengths.contains(length);
            }
        };
    }

    @Override
    public String id(SecretRef ref) {
        return ref.credentialId().toString();
    }

    private String hmac(String s) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(s.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
