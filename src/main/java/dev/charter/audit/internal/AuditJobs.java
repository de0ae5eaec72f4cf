package dev.charter.audit.internal;

import dev.charter.audit.AuditChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Schedules the checkpoint signer and the retention purge at the intervals of {@link AuditSettings}. */
@Configuration(proxyBeanMethods = false)
class AuditJobs implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AuditJobs.class);

    private final AuditChain chain;
    private final RetentionPurge purge;
    private final AuditSettings settings;

    AuditJobs(AuditChain chain, RetentionPurge purge, AuditSettings settings) {
        this.chain = chain;
        this.purge = purge;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::checkpoint, settings.checkpointInterval(), settings.checkpointInterval()));
        registrar.addFixedDelayTask(new FixedDelayTask(purge::scheduledPurge, settings.purgeInterval(), settings.purgeInterval()));
    }

    private void checkpoint() {
        try {
            chain.signCheckpoint();
        } catch (RuntimeException e) {
            log.warn("Could not sign an audit checkpoint: {}", e.toString());
        }
    }
}
