package dev.charter.egress.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An HTTP server on 127.0.0.1 and a free port that records every request it receives. Close it after the test. */
final class LocalServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();

    LocalServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        handle("/", ex -> respond(ex, 200, "ok"));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Serves {@code path} (and below) with {@code handler}, recording each request first. */
    LocalServer handle(String path, HttpHandler handler) {
        try {
            server.removeContext(path);
        } catch (IllegalArgumentException ignored) {
            // no handler there yet
        }
        server.createContext(path, ex -> {
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                    Map.copyOf(ex.getRequestHeaders()), ex.getRequestBody().readAllBytes()));
            handler.handle(ex);
        });
        return this;
    }

    static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    static HttpHandler redirect(int status, String location) {
        return ex -> {
            ex.getResponseHeaders().add("Location", location);
            respond(ex, status, "");
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
