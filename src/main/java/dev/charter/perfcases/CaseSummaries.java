package dev.charter.perfcases;

import dev.charter.identity.CurrentUser;
import java.util.UUID;

/**
 * A model's summary of a case through the AI gateway (local fallback when no model answers). The model sees only
 * the case's model context: its statistics and the log aggregates read for it, never a log line (PRF-11).
 */
public interface CaseSummaries {

    /** @param provider the AI provider that answered ({@code LOCAL} for the fallback) */
    record Summary(UUID caseId, String text, String provider) {}

    Summary summarize(CurrentUser me, UUID caseId);
}
