package dev.charter.ai;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One request as it arrived at a model provider's fake, raw: what the tests check Charter sent. */
public record Received(String method, String path, Map<String, List<String>> headers, String body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase());
        return v == null ? null : v.get(0);
    }

    public JsonNode json() {
        return JSON.readTree(body);
    }

    /** Everything that reached the server: request line, headers and body. */
    public String raw() {
        return method + " " + path + "\n" + headers + "\n" + body;
    }
}
