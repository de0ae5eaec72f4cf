package dev.charter.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Outbound requests captured during a test, for the canary harness to search. The egress gateway's
 * tests feed them in: either {@link #record} each request their fake transport or local server
 * receives, or {@link #addSource} a supplier (for example over a WireMock server's received requests).
 */
public final class OutboundCapture {

    /** One captured outbound request. */
    public record CapturedRequest(String method, String uri, Map<String, List<String>> headers, String body) {}

    private static final List<CapturedRequest> recorded = new CopyOnWriteArrayList<>();
    private static final List<Supplier<List<CapturedRequest>>> sources = new CopyOnWriteArrayList<>();

    private OutboundCapture() {}

    public static void record(CapturedRequest request) {
        recorded.add(request);
    }

    public static void addSource(Supplier<List<CapturedRequest>> source) {
        sources.add(source);
    }

    public static void removeSource(Supplier<List<CapturedRequest>> source) {
        sources.remove(source);
    }

    /** Everything recorded or offered by a source so far. */
    public static List<CapturedRequest> all() {
        List<CapturedRequest> all = new ArrayList<>(recorded);
        sources.forEach(s -> all.addAll(s.get()));
        return all;
    }

    static int recordedCount() {
        return recorded.size();
    }

    /** Requests recorded after {@code mark} (a {@link #recordedCount()}), plus everything the sources offer. */
    static List<CapturedRequest> since(int mark) {
        List<CapturedRequest> all = new ArrayList<>(recorded.subList(Math.min(mark, recorded.size()), recorded.size()));
        sources.forEach(s -> all.addAll(s.get()));
        return all;
    }
}
