package dev.charter.vault;

import dev.charter.shared.OrgId;
import java.util.UUID;

/** Placeholder until the vault module lands; replaced by the vault's own type on merge. */
public record SecretRef(OrgId org, UUID id, String purpose) {
    @Override
    public String toString() {
        return "SecretRef[" + id + "]";
    }
}
