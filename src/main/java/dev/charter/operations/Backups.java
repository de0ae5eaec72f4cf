package dev.charter.operations;

import dev.charter.identity.IdentityRecords;
import dev.charter.storage.DatabaseTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Encrypted backups of the whole database and their restore (OPS-1, docs/operations.md). */
public interface Backups {

    /** Takes a consistent snapshot of every table into a new encrypted file in the backup folder. */
    BackupInfo backUp(Consumer<String> progress);

    /** The backups in the folder, newest first. */
    List<BackupInfo> list();

    /**
     * Restores {@code file} into the database {@code into}, replacing everything in its schema: the
     * schema is rebuilt to the backup's version, the rows copied in, the remaining migrations applied,
     * and then every erasure of the journal made again, so nothing erased comes back.
     */
    RestoreReport restore(Path file, DatabaseTarget into, Consumer<String> progress);

    /** Erases again, in the database this node uses, whatever the erasure journal names; answers how many. */
    IdentityRecords.ReplayedErasures replayErasures();
}
