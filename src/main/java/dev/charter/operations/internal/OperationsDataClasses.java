package dev.charter.operations.internal;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionPurge;
import dev.charter.privacy.RetentionRule;
import java.time.Instant;
import java.time.Period;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What operations stores (RET-1): the backups, which expire 30 days after they were made, and the
 * erasure journal, kept as long as the oldest backup. Both are purged by their own code (files as well
 * as rows), called by the retention sweeper.
 */
@Configuration(proxyBeanMethods = false)
class OperationsDataClasses {

    static final String BACKUPS = "operations.backups";
    static final String JOURNAL = "operations.erasure-journal";

    @Bean
    DataClasses operationsDeclarations() {
        return DataClasses.of("operations",
                DataClass.of(BACKUPS, "operations_backup")
                        .columns("id", "file_name", "created_at", "expires_at", "size_bytes", "tables", "rows")
                        .holds("Encrypted copies of the whole database (every organization's data as it was at that moment), "
                                + "as files in the backup folder; the table lists them by time, size and counts only")
                        .purpose("Recovering the service after a loss of the database")
                        .basis(LegalBasis.LEGITIMATE_INTEREST)
                        .retention(new RetentionRule.UntilExpiry("expires_at"))
                        .exported(false).erased(false).build(),
                DataClass.of(JOURNAL, "operations_erasure_journal")
                        .columns("subject_hash", "kind", "erased_at")
                        .holds("For each erased organization or account, a keyed hash of its id and the time: no name, "
                                + "email or id, and nothing that points to a person without the server's journal key")
                        .purpose("Erasing again, after a restore, whatever was erased after the backup was made")
                        .basis(LegalBasis.LEGAL_OBLIGATION)
                        .retention(new RetentionRule.MaxAge(Period.ofDays(30), "erased_at"))
                        .exported(false).erased(false).build());
    }

    @Bean
    RetentionPurge backupsPurge(BackupFolder folder) {
        return new RetentionPurge() {
            @Override
            public String dataClass() {
                return BACKUPS;
            }

            @Override
            public long purge(Instant now, int limit) {
                return folder.deleteExpired(now, limit);
            }
        };
    }

    @Bean
    RetentionPurge erasureJournalPurge(ErasureJournal journal) {
        return new RetentionPurge() {
            @Override
            public String dataClass() {
                return JOURNAL;
            }

            @Override
            public long purge(Instant now, int limit) {
                return journal.purge(now.minus(BackupFolder.KEEP), limit);
            }
        };
    }
}
