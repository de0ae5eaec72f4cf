package dev.charter.vault.internal;

import dev.charter.privacy.PersonalDataExporter;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.vault.CredentialInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The vault's export section (DSR-1): what is known about each stored credential, never the credential, its
 * ciphertext, wrapped key or fingerprint. Credentials belong to the organization, so they are in an owner's
 * organization export; a person's part is empty.
 */
@Component
class VaultExporter implements PersonalDataExporter {

    private final CredentialRepository credentials;

    VaultExporter(CredentialRepository credentials) {
        this.credentials = credentials;
    }

    @Override
    public String section() {
        return "vault";
    }

    @Override
    public Set<String> dataClasses() {
        return Set.of("vault.credentials");
    }

    @Override
    public Object exportPerson(OrgId org, UserId person) {
        return Map.of();
    }

    @Override
    public Object exportOrganization(OrgId org) {
        return Map.of("credentials", credentials.list(org).stream().map(VaultExporter::metadata).toList());
    }

    private static Map<String, Object> metadata(CredentialInfo c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.ref().credentialId().toString());
        m.put("purpose", c.ref().purpose());
        m.put("kind", c.kind());
        m.put("label", c.label());
        m.put("createdAt", text(c.createdAt()));
        m.put("lastUsedAt", text(c.lastUsedAt()));
        return m;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
