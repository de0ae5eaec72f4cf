package dev.charter.privacy.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.privacy.Consents;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Consent attestations (see {@link Consents}); only owners and admins attest or withdraw. */
@Service
class ConsentRecords implements Consents {

    private static final Pattern PROCESSING = Pattern.compile("^[a-z0-9][a-z0-9.-]{0,63}$");
    private static final int MAX_TEXT = 10_000;

    private record Row(UUID id, String processing, String text, byte[] textSha256, UUID attestedBy, Instant attestedAt,
                       UUID withdrawnBy, Instant withdrawnAt) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    ConsentRecords(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Attestation attest(CurrentUser admin, String processing, String text) {
        admin.requireAdmin();
        Map<String, String> errors = new LinkedHashMap<>();
        if (processing == null || !PROCESSING.matcher(processing).matches()) {
            errors.put("processing", "Name the processing in lower case, like customer-call-analysis (letters, digits, '.', '-').");
        }
        if (text == null || text.isBlank()) {
            errors.put("text", "Enter the text you agree to.");
        } else if (text.length() > MAX_TEXT) {
            errors.put("text", "Use at most " + MAX_TEXT + " characters.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        byte[] sha = sha256(text);
        try {
            jdbc.sql("""
                    insert into privacy_consent (id, org_id, processing, text, text_sha256, attested_by, attested_at)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, admin.orgId().value(), processing, text, sha, admin.userId().value(), Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("Consent to " + processing + " is already given. Withdraw it first to change the text.");
        }
        audit.record(AuditEvent.of(admin.orgId(), admin.userId().value(), "privacy.consent.attested", "consent:" + id)
                .with("processing", processing).with("textSha256", HexFormat.of().formatHex(sha)));
        return new Attestation(id, processing, text, HexFormat.of().formatHex(sha), admin.userId().value(), now, null, null);
    }

    @Override
    @Transactional
    public void withdraw(CurrentUser admin, String processing) {
        admin.requireAdmin();
        List<UUID> ids = jdbc.sql("""
                update privacy_consent set withdrawn_by = ?, withdrawn_at = ?
                where org_id = ? and processing = ? and withdrawn_at is null returning id""")
                .params(admin.userId().value(), Timestamp.from(clock.instant()), admin.orgId().value(), processing)
                .query(UUID.class).list();
        if (ids.isEmpty()) {
            throw new NotFoundException("Active consent");
        }
        audit.record(AuditEvent.of(admin.orgId(), admin.userId().value(), "privacy.consent.withdrawn", "consent:" + ids.get(0))
                .with("processing", processing));
    }

    @Override
    public boolean isActive(OrgId org, String processing) {
        return jdbc.sql("select exists (select 1 from privacy_consent where org_id = ? and processing = ? and withdrawn_at is null)")
                .params(org.value(), processing).query(Boolean.class).single();
    }

    @Override
    public List<Attestation> history(OrgId org) {
        return jdbc.sql("""
                select id, processing, text, text_sha256, attested_by, attested_at, withdrawn_by, withdrawn_at
                from privacy_consent where org_id = ? order by attested_at desc""")
                .param(org.value()).query(Row.class).list().stream()
                .map(r -> new Attestation(r.id(), r.processing(), r.text(), HexFormat.of().formatHex(r.textSha256()),
                        r.attestedBy(), r.attestedAt(), r.withdrawnBy(), r.withdrawnAt()))
                .toList();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
