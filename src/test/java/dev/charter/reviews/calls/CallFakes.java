package dev.charter.reviews.calls;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Local fakes of the call providers on 127.0.0.1, answering as they document, and recording every request:
 * <ul>
 *   <li>Zoom: {@code POST /oauth/token} (basic auth of client id and secret, {@code grant_type=account_credentials}),
 *       {@code GET /v2/past_meetings/{uuid}/participants} and {@code GET /rec/download/{file}} with the bearer token;</li>
 *   <li>Aircall: {@code GET /v1/calls/{id}} and {@code /v1/calls/{id}/transcription} with basic auth of API id and token;</li>
 *   <li>Graph: {@code POST /{tenant}/oauth2/v2.0/token} ({@code client_credentials}), and under
 *       {@code /v1.0/communications/onlineMeetings/{id}} the meeting, its transcripts and a transcript's content
 *       ({@code text/vtt}); {@code /recordings} answers too, so a request for one would be seen.</li>
 * </ul>
 */
public final class CallFakes implements AutoCloseable {

    public record Seen(String method, String path, String query, String authorization, String accept, String body) {}

    public record Person(String name, String email) {}

    public static final String ZOOM_CLIENT = "zoomclient1";
    public static final String ZOOM_SECRET = "zoom-client-secret-" + java.util.UUID.randomUUID();
    public static final String ZOOM_ACCOUNT = "acc-123";
    public static final String AIRCALL_ID = "aircallid1";
    public static final String AIRCALL_TOKEN = "aircall-api-token-" + java.util.UUID.randomUUID();
    public static final String GRAPH_CLIENT = "graphclient1";
    public static final String GRAPH_SECRET = "graph-client-secret-" + java.util.UUID.randomUUID();
    public static final String GRAPH_TENANT = "contoso.example";

    private final HttpServer server;
    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    public final Map<String, List<Person>> zoomParticipants = new ConcurrentHashMap<>();
    public final Map<String, String> zoomFiles = new ConcurrentHashMap<>();
    public final Map<Long, String> aircallCalls = new ConcurrentHashMap<>();
    public final Map<Long, String> aircallTranscriptions = new ConcurrentHashMap<>();
    public final Map<String, String> teamsMeetings = new ConcurrentHashMap<>();
    public final Map<String, String> teamsTranscripts = new ConcurrentHashMap<>();
    private volatile int tokens;

    public CallFakes() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Seen> at(String prefix) {
        return seen.stream().filter(s -> s.path().startsWith(prefix)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getRawPath();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        seen.add(new Seen(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), auth,
                ex.getRequestHeaders().getFirst("Accept"), body));
        String[] p = path.split("/");
        try {
            if (path.equals("/oauth/token")) {
                boolean ok = basic(ZOOM_CLIENT, ZOOM_SECRET).equals(auth) && ex.getRequestMethod().equals("POST")
                        && body.equals("grant_type=account_credentials&account_id=" + ZOOM_ACCOUNT);
                json(ex, ok ? 200 : 401, ok ? "{\"access_token\":\"zoomtok" + (++tokens) + "xyz\",\"token_type\":\"bearer\","
                        + "\"expires_in\":3599,\"scope\":\"meeting:read:admin recording:read:admin\"}"
                        : "{\"reason\":\"Invalid client_id or client_secret\",\"error\":\"invalid_client\"}");
            } else if (path.startsWith("/v2/past_meetings/") && path.endsWith("/participants")) {
                if (!bearer(auth, "zoomtok")) {
                    json(ex, 401, "{\"code\":124,\"message\":\"Invalid access token.\"}");
                    return;
                }
                String uuid = URLDecoder.decode(URLDecoder.decode(p[3], StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                List<Person> people = zoomParticipants.get(uuid);
                if (people == null) {
                    json(ex, 404, "{\"code\":3001,\"message\":\"Meeting does not exist.\"}");
                    return;
                }
                StringBuilder b = new StringBuilder("{\"page_count\":1,\"page_size\":300,\"total_records\":" + people.size()
                        + ",\"next_page_token\":\"\",\"participants\":[");
                for (int i = 0; i < people.size(); i++) {
                    Person x = people.get(i);
                    b.append(i == 0 ? "" : ",").append("{\"id\":\"p").append(i).append("\",\"name\":\"").append(x.name())
                            .append("\",\"user_email\":\"").append(x.email() == null ? "" : x.email())
                            .append("\",\"join_time\":\"2026-11-30T10:00:00Z\",\"duration\":1800}");
                }
                json(ex, 200, b.append("]}").toString());
            } else if (path.startsWith("/rec/download/")) {
                String file = zoomFiles.get(p[3]);
                if (!bearer(auth, "zoomtok") || file == null) {
                    json(ex, bearer(auth, "zoomtok") ? 404 : 401, "{\"code\":124,\"message\":\"Invalid access token.\"}");
                    return;
                }
                answer(ex, 200, "text/vtt", file);
            } else if (path.startsWith("/v1/calls/")) {
                if (!basic(AIRCALL_ID, AIRCALL_TOKEN).equals(auth)) {
                    json(ex, 401, "{\"error\":\"Unauthorized\",\"troubleshoot\":\"Check your API key\"}");
                    return;
                }
                long id = Long.parseLong(p[3]);
                String answer = p.length == 5 && p[4].equals("transcription") ? aircallTranscriptions.get(id)
                        : p.length == 4 ? aircallCalls.get(id) : null;
                json(ex, answer == null ? 404 : 200, answer == null ? "{\"error\":\"Not found\"}" : answer);
            } else if (path.equals("/" + GRAPH_TENANT + "/oauth2/v2.0/token")) {
                boolean ok = basic(GRAPH_CLIENT, GRAPH_SECRET).equals(auth) && body.startsWith("grant_type=client_credentials&scope=");
                json(ex, ok ? 200 : 401, ok ? "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                        + "\"access_token\":\"graphtok" + (++tokens) + "xyz\"}"
                        : "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}");
            } else if (path.startsWith("/v1.0/communications/onlineMeetings/")) {
                if (!bearer(auth, "graphtok")) {
                    json(ex, 401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token is empty.\"}}");
                    return;
                }
                String id = URLDecoder.decode(p[4], StandardCharsets.UTF_8);
                if (p.length == 5) {
                    String m = teamsMeetings.get(id);
                    json(ex, m == null ? 404 : 200, m == null ? "{\"error\":{\"code\":\"NotFound\"}}" : m);
                } else if (p.length == 6 && p[5].equals("transcripts")) {
                    json(ex, 200, teamsTranscripts.containsKey(id) ? "{\"value\":[{\"id\":\"tr1\",\"meetingId\":\"" + id
                            + "\",\"createdDateTime\":\"2026-11-30T11:00:00Z\"}]}" : "{\"value\":[]}");
                } else if (p.length == 8 && p[5].equals("transcripts") && p[7].equals("content")) {
                    answer(ex, 200, "text/vtt", teamsTranscripts.get(id));
                } else {
                    answer(ex, 200, "video/mp4", "not a real video");
                }
            } else {
                answer(ex, 200, "audio/mpeg", "not a real recording");
            }
        } catch (RuntimeException e) {
            answer(ex, 500, "text/plain", "fake failed: " + e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean bearer(String auth, String prefix) {
        return auth != null && auth.startsWith("Bearer " + prefix);
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        answer(ex, status, "application/json", body);
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
