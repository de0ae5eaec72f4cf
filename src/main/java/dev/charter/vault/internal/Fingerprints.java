package dev.charter.vault.internal;

import dev.charter.shared.OrgId;
import dev.charter.vault.CredentialKind;
import dev.charter.vault.Fingerprinter;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Keyed hashes of credentials for DLP: HMAC-SHA256 under a key per organization (so the same credential in
 * two organizations has unrelated fingerprints), computed once when a credential is stored.
 */
@Component
class Fingerprints {

    /** Parts shorter than this are not fingerprinted on their own: they would match ordinary text. */
    static final int MIN_PART = 8;

    private final KeyRing keys;

    Fingerprints(KeyRing keys) {
        this.keys = keys;
    }

    Fingerprinter forOrg(OrgId org) {
        return new HmacFingerprinter(keys.fingerprintKey(org));
    }

    /** variant → (length, hmac) for the forms of a credential worth finding in outbound data. */
    Map<String, Hashed> of(OrgId org, String kind, byte[] plaintext) {
        Fingerprinter f = forOrg(org);
        Map<String, Hashed> out = new LinkedHashMap<>();
        out.put("full", new Hashed(plaintext.length, f.hmac(plaintext)));
        if (CredentialKind.BASIC.equals(kind)) {
            int colon = indexOf(plaintext, (byte) ':');
            if (colon >= 0 && plaintext.length - colon - 1 >= MIN_PART) {
                out.put("password", new Hashed(plaintext.length - colon - 1, f.hmac(plaintext, colon + 1, plaintext.length - colon - 1)));
            }
        } else if (CredentialKind.WEBHOOK_URL.equals(kind)) {
            int start = pathStart(plaintext);
            if (start > 0 && plaintext.length - start >= MIN_PART) {
                out.put("url-path", new Hashed(plaintext.length - start, f.hmac(plaintext, start, plaintext.length - start)));
            }
        } else if (CredentialKind.OAUTH2.equals(kind)) {
            int start = 0;
            for (int i = 0; i <= plaintext.length; i++) {
                if (i == plaintext.length || plaintext[i] == '\n') {
                    int eq = indexOf(plaintext, start, i, (byte) '=');
                    if (eq > start && i - eq - 1 >= MIN_PART) {
                        String name = new String(plaintext, start, eq - start, java.nio.charset.StandardCharsets.US_ASCII);
                        if (name.endsWith("_token") || name.equals("client_secret") || name.equals("code_verifier")) {
                            out.put(name, new Hashed(i - eq - 1, f.hmac(plaintext, eq + 1, i - eq - 1)));
                        }
                    }
                    start = i + 1;
                }
            }
        }
        return out;
    }

    /** A short display form of a credential's fingerprint. */
    static String display(String hmacHex) {
        return hmacHex.substring(0, 16);
    }

    record Hashed(int length, String hmac) {}

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Offset of the path of an absolute URL ("https://host/path…"), or -1. Works on the bytes: no String copy. */
    private static int pathStart(byte[] url) {
        for (int i = 0; i + 2 < url.length; i++) {
            if (url[i] == ':' && url[i + 1] == '/' && url[i + 2] == '/') {
                for (int j = i + 3; j < url.length; j++) {
                    if (url[j] == '/') {
                        return j;
                    }
                }
                return -1;
            }
        }
        return -1;
    }

    private static final class HmacFingerprinter implements Fingerprinter {
        private final byte[] key;

        HmacFingerprinter(byte[] key) {
            this.key = key;
        }

        @Override
        public String hmac(byte[] data, int offset, int length) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                mac.update(data, offset, length);
                return HexFormat.of().formatHex(mac.doFinal());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is not available", e);
            }
        }

        @Override
        public String toString() {
            return "Fingerprinter[key redacted]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HmacFingerprinter h && Arrays.equals(h.key, key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }
    }
}
