package dev.charter.operations;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Published inside the transaction that erases one object on a person's or an admin's request (a single call's
 * transcript and analysis, say), so the erasure journal records it and a restore from an older backup erases it
 * again. The module that owns objects of {@code kind} declares an {@link ErasableObjects} bean for the replay.
 *
 * @param kind a dotted name owned by the module ({@code reviews.call})
 * @param id   the object's id
 */
public record ObjectErased(String kind, UUID id) {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    public ObjectErased {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("an erased object's kind is dotted lower-case words, like module.thing");
        }
        Objects.requireNonNull(id, "id");
    }
}
