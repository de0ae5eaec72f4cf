package dev.charter.ai;

import java.time.LocalDate;

/**
 * What one organization spent on one day (UTC) with one provider: counts only.
 */
public record AiUsageDay(LocalDate day, AiProvider provider, long requests, long inputTokens, long outputTokens) {}
