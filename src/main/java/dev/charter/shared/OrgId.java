package dev.charter.shared;

import java.util.Objects;
import java.util.UUID;

/** An organization: the tenant that owns data in Charter. */
public record OrgId(UUID value) {
    public OrgId {
        Objects.requireNonNull(value, "org id");
    }

    public static OrgId random() {
        return new OrgId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
