package dev.charter.privacy.internal;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The module's cluster-wide tasks on db-scheduler: the retention sweep (recurring; one node picks
 * each execution through the task row) and data exports (one-time, one per export job, so an export
 * survives a restart and runs on exactly one node). See docs/adr/0021-retention-sweeper.md.
 */
@Configuration(proxyBeanMethods = false)
class PrivacyTasks {

    static final String SWEEP = "privacy-retention-sweep";
    static final String EXPORT = "privacy-export";

    @Bean
    RecurringTask<Void> retentionSweepTask(RetentionSweeper sweeper, PrivacySettings settings) {
        return Tasks.recurring(SWEEP, FixedDelay.of(settings.sweepInterval()))
                .execute((instance, context) -> {
                    if (settings.sweepEnabled()) {
                        sweeper.sweep();
                    }
                });
    }

    @Bean
    OneTimeTask<Void> exportTask(ExportRunner runner) {
        return Tasks.oneTime(EXPORT).execute((instance, context) -> runner.run(java.util.UUID.fromString(instance.getId())));
    }
}
