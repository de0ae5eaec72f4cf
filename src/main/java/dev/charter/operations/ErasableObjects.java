package dev.charter.operations;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * A module's objects of one kind that can be erased one by one ({@link ObjectErased}). After a restore, and at every
 * start, the erasure journal asks for the ids the database holds, picks those it recorded as erased, and has the
 * module erase them again. This is a documented kernel job: it runs across organizations.
 */
public interface ErasableObjects {

    /** The kind, as in {@link ObjectErased#kind()}. */
    String kind();

    /** Every id of this kind the database holds now, in every organization. */
    List<UUID> ids();

    /** Erases these objects again, at once, as their erasure did; answers how many were still there. */
    int eraseAgain(Collection<UUID> ids);
}
