package dev.charter.jobs.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Queue settings ({@code CHARTER_JOBS_*}).
 *
 * @param enabled      run workers on this node (a node can be enqueue-only)
 * @param lease        how long a claimed job stays locked before another node may take it over
 * @param pollInterval how often idle workers look for due jobs without a notification
 * @param batchSize    jobs claimed per query
 * @param backoffBase  first retry delay; doubled each attempt
 * @param backoffMax   longest retry delay
 */
@ConfigurationProperties("charter.jobs")
public record JobsSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("32") int batchSize,
        @DefaultValue("2s") Duration backoffBase,
        @DefaultValue("10m") Duration backoffMax) {}
