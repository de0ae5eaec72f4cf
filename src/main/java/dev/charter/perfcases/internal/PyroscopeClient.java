package dev.charter.perfcases.internal;

import com.google.protobuf.CodedOutputStream;
import dev.charter.egress.EgressResponse;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Pyroscope's merged-profile query ({@code POST /querier.v1.QuerierService/SelectMergeProfile}, Connect protocol with
 * binary protobuf), every call through {@link AuditedQueries}. The answer, a pprof profile, is decoded by
 * {@link PprofProfiles}, which keeps stack frames and sample values only.
 */
@Component
class PyroscopeClient {

    static final String PATH = "/querier.v1.QuerierService/SelectMergeProfile";
    static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    static final String SERVICE = "service_name";
    static final String VERSION = "service_version";
    static final String CONTENT_TYPE = "application/proto";

    private final AuditedQueries queries;

    PyroscopeClient(AuditedQueries queries) {
        this.queries = queries;
    }

    /** The selector of one service version's profiles. */
    static String selector(String service, String version) {
        return "{" + SERVICE + "=\"" + quote(service) + "\"," + VERSION + "=\"" + quote(version) + "\"}";
    }

    /** The CPU profile of one version of {@code service}, merged over {@code start}..{@code end}. */
    PprofProfiles.Parsed merged(OrgId org, UUID connection, String service, String version, Instant start, Instant end,
                                UUID caseId, UserId actor) {
        String selector = selector(service, version);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("profileTypeID", CPU);
        params.put("start", Long.toString(start.toEpochMilli()));
        params.put("end", Long.toString(end.toEpochMilli()));
        byte[] body = request(CPU, selector, start.toEpochMilli(), end.toEpochMilli());
        EgressResponse r = queries.post(org, connection, new TelemetryQuery("Pyroscope", PATH, "labelSelector", selector, params),
                CONTENT_TYPE, body, caseId, actor);
        if (!r.isSuccess()) {
            throw new PrometheusClient.SourceError("The Pyroscope source answered HTTP " + r.status()
                    + ": check the address and the credential of the connection.");
        }
        try {
            return PprofProfiles.summarize(r.body());
        } catch (PprofProfiles.NotPprof e) {
            throw new PrometheusClient.SourceError("The Pyroscope source answered with something that is not a pprof "
                    + "profile: " + e.getMessage());
        }
    }

    /** {@code querier.v1.SelectMergeProfileRequest}: profile_typeID = 1, label_selector = 2, start = 3, end = 4 (ms). */
    static byte[] request(String profileType, String selector, long startMs, long endMs) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeString(1, profileType);
            out.writeString(2, selector);
            out.writeInt64(3, startMs);
            out.writeInt64(4, endMs);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
