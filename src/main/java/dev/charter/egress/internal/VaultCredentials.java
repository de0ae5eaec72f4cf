package dev.charter.egress.internal;

import dev.charter.egress.internal.dlp.CredentialFingerprints;
import dev.charter.shared.OrgId;
import dev.charter.vault.Fingerprinter;
import dev.charter.vault.SecretFingerprint;
import dev.charter.vault.SecretRef;
import dev.charter.vault.Vault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's side of the vault: {@link Vault#useSecret} (which only egress may call) for attaching a credential,
 * and the vault's keyed fingerprints for DLP. Candidates are hashed as the bytes they were on the wire (DLP reads
 * text as ISO-8859-1, one character per byte), so they compare with fingerprints of the stored bytes.
 */
final class VaultCredentials implements CredentialAccess {

    private final Vault vault;

    VaultCredentials(Vault vault) {
        this.vault = vault;
    }

    @Override
    public <T> T use(OrgId org, SecretRef ref, SecretUse<T> use) throws IOException {
        try {
            return vault.useSecret(org, ref, secret -> {
                try {
                    return use.apply(secret.bytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean rewrite(OrgId org, SecretRef ref, java.util.function.Function<byte[], byte[]> change) {
        return vault.rewriteSecret(org, ref, secret -> change.apply(secret.bytes()));
    }

    @Override
    public CredentialFingerprints fingerprints(OrgId org) {
        List<SecretFingerprint> stored = vault.fingerprints(org);
        if (stored.isEmpty()) {
            return CredentialFingerprints.NONE;
        }
        Map<String, String> byHmac = new HashMap<>();
        Set<Integer> lengths = new HashSet<>();
        for (SecretFingerprint f : stored) {
            byHmac.put(f.hmac(), f.ref().credentialId().toString());
            lengths.add(f.length());
        }
        Fingerprinter hasher = vault.fingerprinter(org);
        return new CredentialFingerprints() {
            @Override
            public String match(String candidate) {
                return byHmac.get(hasher.hmac(candidate.getBytes(StandardCharsets.ISO_8859_1)));
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
}
