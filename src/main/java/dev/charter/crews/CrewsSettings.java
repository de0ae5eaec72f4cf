package dev.charter.crews;

/**
 * An organization's own Crews settings.
 *
 * @param retentionDays   how long a conversation is kept after its last message ({@link #DEFAULT_RETENTION_DAYS} by
 *                        default, between {@link #MIN_RETENTION_DAYS} and {@link #MAX_RETENTION_DAYS})
 * @param usageStatistics false when the organization opted out of Charter's anonymized usage statistics
 */
public record CrewsSettings(int retentionDays, boolean usageStatistics) {
    public static final int DEFAULT_RETENTION_DAYS = 365;
    public static final int MIN_RETENTION_DAYS = 7;
    public static final int MAX_RETENTION_DAYS = 3650;
}
