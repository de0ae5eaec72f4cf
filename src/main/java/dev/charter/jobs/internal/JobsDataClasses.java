package dev.charter.jobs.internal;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionRule;
import java.time.Period;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the job queue stores, for the data-class registry (RET-1). */
@Configuration(proxyBeanMethods = false)
class JobsDataClasses {

    @Bean
    DataClasses jobsDeclarations() {
        return DataClasses.of("jobs",
                DataClass.of("jobs.jobs", "jobs_job")
                        .columns("id", "org_id", "subject_id", "queue", "payload", "status", "attempts", "max_attempts", "run_at",
                                "locked_by", "locked_until", "last_error", "dedupe_key", "created_at", "finished_at")
                        .holds("Queued work of the products, with its payload (which may hold trigger data), attempts and errors")
                        .purpose("Running work durably, exactly as configured, on one node")
                        .basis(LegalBasis.CONTRACT)
                        .retention(new RetentionRule.AfterFinished(Period.ofDays(7), "finished_at"))
                        .exported(false).erased(true).products("Pilots").org("org_id").person("subject_id").build());
    }
}
