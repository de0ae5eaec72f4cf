package dev.charter.perfcases;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Grafana Pyroscope's Connect API on 127.0.0.1, from its documented shapes: {@code POST
 * /querier.v1.QuerierService/SelectMergeProfile} with a binary protobuf {@code SelectMergeProfileRequest}
 * ({@code profile_typeID} = 1, {@code label_selector} = 2, {@code start} = 3, {@code end} = 4, milliseconds) and
 * {@code Content-Type: application/proto} answers the merged pprof profile of the selected series, as protobuf. Its
 * profiles are set per selector by the test; a selector it does not know merges to an empty profile. Other paths
 * answer Connect's JSON error with 404. It records every request.
 */
final class FakePyroscope implements AutoCloseable {

    static final String PATH = "/querier.v1.QuerierService/SelectMergeProfile";

    /** One request as decoded. */
    record Request(String method, String path, String contentType, String profileType, String selector, long start, long end,
                   String authorization) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Label selector → the pprof profile to answer. */
    final Map<String, byte[]> profiles = new ConcurrentHashMap<>();
    private final HttpServer server;

    FakePyroscope() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            String contentType = String.valueOf(x.getRequestHeaders().getFirst("Content-Type"));
            if (!"POST".equals(x.getRequestMethod()) || !x.getRequestURI().getPath().equals(PATH)) {
                requests.add(new Request(x.getRequestMethod(), x.getRequestURI().getPath(), contentType, null, null, 0, 0, null));
                send(x, 404, "application/json", "{\"code\":\"unimplemented\",\"message\":\"404 page not found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!contentType.equals("application/proto")) {
                send(x, 415, "application/json", "{\"code\":\"unknown\",\"message\":\"invalid content-type\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String type = "";
            String selector = "";
            long start = 0;
            long end = 0;
            CodedInputStream in = CodedInputStream.newInstance(body);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> type = in.readString();
                    case 2 -> selector = in.readString();
                    case 3 -> start = in.readInt64();
                    case 4 -> end = in.readInt64();
                    default -> in.skipField(tag);
                }
            }
            requests.add(new Request("POST", PATH, contentType, type, selector, start, end,
                    x.getRequestHeaders().getFirst("Authorization")));
            if (!type.equals("process_cpu:cpu:nanoseconds:cpu:nanoseconds") || !selector.startsWith("{") || start >= end) {
                send(x, 400, "application/json", "{\"code\":\"invalid_argument\",\"message\":\"bad request\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(x, 200, "application/proto", profiles.getOrDefault(selector, new Pprof().bytes()));
        }
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
