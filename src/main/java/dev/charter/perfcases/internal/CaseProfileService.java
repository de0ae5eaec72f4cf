package dev.charter.perfcases.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.CaseProfiles;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.ProfileSource;
import dev.charter.perfcases.ProfileSummary;
import dev.charter.perfcases.TelemetryConnection;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A case's profiles (PRF-4), from a Pyroscope connection or an uploaded Java Flight Recorder file, each read into a
 * {@link FlameSummary} by a reader that keeps stack frames and sample values only, and kept per version.
 */
@Service
class CaseProfileService implements CaseProfiles {

    private final CaseRepository cases;
    private final TelemetryConnectionRepository connections;
    private final PyroscopeClient pyroscope;
    private final FlameSummaryRepository summaries;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    CaseProfileService(CaseRepository cases, TelemetryConnectionRepository connections, PyroscopeClient pyroscope,
                       FlameSummaryRepository summaries, AuditLog audit, Clock clock, PlatformTransactionManager transactions) {
        this.cases = cases;
        this.connections = connections;
        this.pyroscope = pyroscope;
        this.summaries = summaries;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public List<ProfileSummary> read(CurrentUser me, UUID caseId, UUID connectionId) {
        OrgId org = me.orgId();
        PerfCase pc = cases.find(org, caseId).orElseThrow(() -> new NotFoundException("Case"));
        if (connectionId == null) {
            throw new InvalidInputException("connectionId", "Choose a Pyroscope connection.");
        }
        TelemetryConnection c = connections.find(org, connectionId).orElseThrow(() -> new NotFoundException("Telemetry connection"));
        if (!c.kind().profiles()) {
            throw new InvalidInputException("connectionId", "Choose a Pyroscope connection; " + c.kind().title()
                    + " has no profiles.");
        }
        if (!c.active()) {
            throw new ConflictException("This telemetry connection is revoked; nothing is read through it any more.");
        }
        Instant end = clock.instant();
        Instant start = end.minus(c.detection().lookback());
        List<ProfileSummary> read = new ArrayList<>();
        for (String version : List.of(pc.baselineVersion(), pc.candidateVersion())) {
            PprofProfiles.Parsed p;
            try {
                p = pyroscope.merged(org, c.id(), pc.service(), version, start, end, pc.id(), me.userId());
            } catch (PrometheusClient.SourceError e) {
                throw new ConflictException(e.getMessage());
            }
            read.add(summary(c.id(), ProfileSource.PYROSCOPE, version, PyroscopeClient.CPU, unit(p.unit()), p.summary(), start, end));
        }
        tx.executeWithoutResult(s -> read.forEach(r -> summaries.put(org, caseId, r, me.userId().value())));
        return read;
    }

    @Override
    public ProfileSummary upload(CurrentUser me, UUID caseId, String version, byte[] jfr) {
        OrgId org = me.orgId();
        PerfCase pc = cases.find(org, caseId).orElseThrow(() -> new NotFoundException("Case"));
        String v = version == null ? "" : version.strip();
        if (!v.equals(pc.baselineVersion()) && !v.equals(pc.candidateVersion())) {
            throw new InvalidInputException("version", "Say which of the case's versions the recording is of: "
                    + pc.baselineVersion() + " or " + pc.candidateVersion() + ".");
        }
        if (jfr == null || jfr.length == 0) {
            throw new InvalidInputException("file", "Choose a .jfr file.");
        }
        FlameSummary read = summarizeJfr(gunzip(jfr));
        if (read.samples() == 0) {
            throw new InvalidInputException("file", "The recording has no execution samples: record with "
                    + "settings=profile (or jdk.ExecutionSample enabled) while the service is under load.");
        }
        ProfileSummary s = summary(null, ProfileSource.JFR, v, JfrProfiles.EXECUTION_SAMPLE, "samples", read, null, null);
        tx.executeWithoutResult(t -> {
            summaries.put(org, caseId, s, me.userId().value());
            audit.record(AuditEvent.of(org, me.userId().value(), "perfcases.profile.uploaded", "perfcase:" + caseId)
                    .with("version", v).with("source", "JFR").with("bytes", Long.toString(jfr.length))
                    .with("samples", Long.toString(read.samples())));
        });
        return s;
    }

    @Override
    public List<ProfileSummary> list(OrgId org, UUID caseId) {
        cases.find(org, caseId).orElseThrow(() -> new NotFoundException("Case"));
        return summaries.list(org, caseId);
    }

    /** A gzipped recording ({@code .jfr.gz}) is unpacked, up to {@link #MAX_JFR_BYTES}. */
    private static byte[] gunzip(byte[] file) {
        if (!Gzip.is(file)) {
            return file;
        }
        try {
            byte[] out = Gzip.unpack(file, (int) MAX_JFR_BYTES);
            if (out == null) {
                throw new InvalidInputException("file", "The recording is larger than the " + MAX_JFR_BYTES / (1024 * 1024)
                        + " MiB Charter reads once unpacked; record a shorter window.");
            }
            return out;
        } catch (IOException e) {
            throw new InvalidInputException("file", "The file looks gzipped but cannot be unpacked.");
        }
    }

    /** The file goes to a private temporary file for the JDK's reader, and is deleted however the read ends. */
    private static FlameSummary summarizeJfr(byte[] jfr) {
        Path file = null;
        try {
            file = Files.createTempFile("charter-profile-", ".jfr");
            Files.write(file, jfr);
            return JfrProfiles.summarize(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file the JVM's temp directory cleanup will remove
                }
            }
        }
    }

    private ProfileSummary summary(UUID connectionId, ProfileSource source, String version, String type, String unit,
                                   FlameSummary f, Instant start, Instant end) {
        return new ProfileSummary(UUID.randomUUID(), connectionId, source, version, type, unit, f.samples(),
                f.frames().stream().map(x -> new ProfileSummary.Frame(x.name(), x.self(), x.total())).toList(), start, end,
                clock.instant());
    }

    /** A unit as the table holds it: lower-case letters and underscores. */
    private static String unit(String unit) {
        String u = unit == null ? "" : unit.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z_]", "");
        return u.isEmpty() ? "count" : u.length() > 40 ? u.substring(0, 40) : u;
    }
}
