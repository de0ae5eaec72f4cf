package dev.charter.privacy.internal;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The module's cluster-wide tasks on db-scheduler: the retention sweep (recurring; one node picks
 * each execution through the task row) and data exports (one-time, one per export job, so an export
 * survives a restart and runs on exactly one node). See docs/adr/0021-retention-sweeper.md.
 *
 * <p>The scheduler is built here with the library's own builder rather than its Spring Boot starter, which
 * is made for Spring Boot 3: its auto-configuration names Boot 3 classes that Boot 4 moved, so Spring
 * logged a {@code TypeNotPresentException} at every start (docs/adr/0122-db-scheduler-without-its-starter.md).
 */
@Configuration(proxyBeanMethods = false)
class PrivacyTasks {

    static final String SWEEP = "privacy-retention-sweep";
    static final String EXPORT = "privacy-export";
    /** How often each node looks for due executions when none was signalled on this node. */
    static final Duration POLLING_INTERVAL = Duration.ofSeconds(5);

    /**
     * One scheduler per node over the application's connection pool (transaction-aware, so scheduling an
     * export joins the caller's transaction). Executions scheduled on this node run at once; others are found
     * by polling. It starts once the application is ready, and stops with the context.
     */
    @Bean(destroyMethod = "stop")
    Scheduler scheduler(DataSource dataSource, RecurringTask<Void> retentionSweepTask, OneTimeTask<Void> exportTask) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), exportTask)
                .startTasks(retentionSweepTask)
                .pollingInterval(POLLING_INTERVAL)
                .enableImmediateExecution()
                .build();
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> schedulerStart(Scheduler scheduler) {
        return event -> scheduler.start();
    }

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
