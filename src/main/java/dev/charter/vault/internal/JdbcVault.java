package dev.charter.vault.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.vault.CredentialInfo;
import dev.charter.vault.CredentialUnreadableException;
import dev.charter.vault.Fingerprinter;
import dev.charter.vault.Secret;
import dev.charter.vault.SecretFingerprint;
import dev.charter.vault.SecretRef;
import dev.charter.vault.SecretValue;
import dev.charter.vault.Vault;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The vault façade: seals on the way in, opens only inside {@link #useSecret}, audits every change with ids only. */
@Service
class JdbcVault implements Vault {

    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");
    static final int MAX_SECRET_BYTES = 16 * 1024;

    private final CredentialRepository repo;
    private final Envelope envelope;
    private final Fingerprints fingerprints;
    private final FernetImport fernet;
    private final AuditLog audit;
    private final Clock clock;

    JdbcVault(CredentialRepository repo, Envelope envelope, Fingerprints fingerprints, FernetImport fernet,
              AuditLog audit, Clock clock) {
        this.repo = repo;
        this.envelope = envelope;
        this.fingerprints = fingerprints;
        this.fernet = fernet;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional
    public SecretRef store(OrgId org, String purpose, String kind, byte[] plaintext, String label) {
        SecretRef ref = seal(org, purpose, kind, plaintext, label);
        audit.record(AuditEvent.of(org, null, "vault.credential.stored", target(ref))
                .with("purpose", purpose).with("kind", kind));
        return ref;
    }

    @Override
    @Transactional
    public SecretRef store(OrgId org, String purpose, String kind, char[] plaintext, String label) {
        Objects.requireNonNull(plaintext, "plaintext");
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(plaintext));
        byte[] bytes = Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
        Arrays.fill(bb.array(), (byte) 0);
        try {
            return store(org, purpose, kind, bytes, label);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    @Transactional
    public SecretRef store(OrgId org, String purpose, String kind, SecretValue plaintext, String label) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] bytes = plaintext.utf8();
        try {
            return store(org, purpose, kind, bytes, label);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    @Transactional
    public SecretRef importFernet(OrgId org, String purpose, String kind, SecretValue fernetToken, SecretValue fernetKey,
                                  String label) {
        byte[] plaintext = fernet.open(fernetToken, fernetKey);
        try {
            SecretRef ref = seal(org, purpose, kind, plaintext, label);
            audit.record(AuditEvent.of(org, null, "vault.credential.imported", target(ref))
                    .with("purpose", purpose).with("kind", kind).with("format", "fernet"));
            return ref;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    @Transactional
    public void delete(OrgId org, SecretRef ref) {
        if (!ref.org().equals(org)) {
            return;
        }
        if (repo.delete(org, ref) > 0) {
            audit.record(AuditEvent.of(org, null, "vault.credential.deleted", target(ref)).with("purpose", ref.purpose()));
        }
    }

    @Override
    public Optional<CredentialInfo> info(OrgId org, SecretRef ref) {
        return ref.org().equals(org) ? repo.info(org, ref) : Optional.empty();
    }

    @Override
    public List<CredentialInfo> list(OrgId org) {
        return repo.list(org);
    }

    @Override
    public <T> T useSecret(OrgId org, SecretRef ref, Function<Secret, T> use) {
        Objects.requireNonNull(use, "use");
        if (!ref.org().equals(org)) {
            throw new NotFoundException("Credential");
        }
        CredentialRepository.SealedRow row = repo.markUsed(org, ref, clock.instant())
                .orElseThrow(() -> new NotFoundException("Credential"));
        Secret secret = new Secret(envelope.open(ref, row.ciphertext(), row.wrappedKey()));
        try {
            return use.apply(secret);
        } finally {
            secret.destroy();
        }
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean rewriteSecret(OrgId org, SecretRef ref, Function<Secret, byte[]> change) {
        Objects.requireNonNull(change, "change");
        if (!ref.org().equals(org)) {
            throw new NotFoundException("Credential");
        }
        CredentialRepository.LockedRow row = repo.lock(org, ref).orElseThrow(() -> new NotFoundException("Credential"));
        Secret secret = new Secret(envelope.open(ref, row.sealed().ciphertext(), row.sealed().wrappedKey()));
        byte[] replacement;
        try {
            replacement = change.apply(secret);
        } finally {
            secret.destroy();
        }
        if (replacement == null) {
            return false;
        }
        try {
            if (isBlank(replacement) || replacement.length > MAX_SECRET_BYTES) {
                throw new IllegalArgumentException("A credential's new value is empty or longer than 16 KiB");
            }
            Map<String, Fingerprints.Hashed> hashes = fingerprints.of(org, row.kind(), replacement);
            repo.updateSealed(org, ref, envelope.seal(ref, replacement), Fingerprints.display(hashes.get("full").hmac()),
                    clock.instant());
            hashes.forEach((variant, h) -> repo.insertFingerprint(org, ref.credentialId(), variant, h.length(), h.hmac()));
        } finally {
            Arrays.fill(replacement, (byte) 0);
        }
        audit.record(AuditEvent.of(org, null, "vault.credential.rewritten", target(ref)).with("purpose", ref.purpose()));
        return true;
    }

    @Override
    public List<SecretFingerprint> fingerprints(OrgId org) {
        return repo.fingerprints(org);
    }

    @Override
    public Fingerprinter fingerprinter(OrgId org) {
        return fingerprints.forOrg(org);
    }

    private SecretRef seal(OrgId org, String purpose, String kind, byte[] plaintext, String label) {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(plaintext, "plaintext");
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("A credential kind is 1 to 40 characters of a-z, 0-9, '.', '_' and '-'");
        }
        SecretRef ref = new SecretRef(org, UUID.randomUUID(), purpose);
        String name = label == null ? "" : label.strip();
        if (name.isEmpty() || name.length() > 120) {
            throw new InvalidInputException("label", "Give the credential a name of 1 to 120 characters.");
        }
        if (isBlank(plaintext)) {
            throw new InvalidInputException("secret", "The credential is empty. Paste the value the service gave you.");
        }
        if (plaintext.length > MAX_SECRET_BYTES) {
            throw new InvalidInputException("secret", "The credential is longer than 16 KiB; check what was pasted.");
        }
        Map<String, Fingerprints.Hashed> hashes = fingerprints.of(org, kind, plaintext);
        Envelope.Sealed sealed = envelope.seal(ref, plaintext);
        repo.insert(org, new CredentialRepository.NewCredential(ref, kind, name, sealed,
                Fingerprints.display(hashes.get("full").hmac()), clock.instant()));
        hashes.forEach((variant, h) -> repo.insertFingerprint(org, ref.credentialId(), variant, h.length(), h.hmac()));
        return ref;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    private static String target(SecretRef ref) {
        return "credential:" + ref.credentialId();
    }
}
