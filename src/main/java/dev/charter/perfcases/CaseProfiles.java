package dev.charter.perfcases;

import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.util.List;
import java.util.UUID;

/**
 * Profiles for a case (PRF-4): read as stack frames and sample values only, and kept as flame summaries, one per
 * version and source. From a Pyroscope connection (both versions' merged CPU profiles) or from a Java Flight Recorder
 * file a member uploads for one of the case's versions; labels, thread names and payloads are dropped while reading.
 */
public interface CaseProfiles {

    /** Largest JFR recording read once unpacked (a gzipped file is bounded by the upload limit before that). */
    long MAX_JFR_BYTES = 64L * 1024 * 1024;

    /** Reads both versions' profiles from a Pyroscope connection now (each query audited first) and keeps them. */
    List<ProfileSummary> read(CurrentUser me, UUID caseId, UUID connectionId);

    /** Reads an uploaded JFR file for one of the case's versions into its flame summary; the file is not kept. */
    ProfileSummary upload(CurrentUser me, UUID caseId, String version, byte[] jfr);

    /** The flame summaries kept for the case. */
    List<ProfileSummary> list(OrgId org, UUID caseId);
}
