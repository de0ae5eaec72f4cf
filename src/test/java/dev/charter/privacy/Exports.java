package dev.charter.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.Http;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Starting an export on the API and waiting for its file, for tests. */
final class Exports {

    private Exports() {}

    static JsonNode run(Http as, boolean includeOrganization) {
        var started = as.postJson("/api/v1/privacy/exports", Map.of("includeOrganization", includeOrganization));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("id").asString();
        long deadline = System.nanoTime() + 60_000_000_000L;
        String status = "";
        while (System.nanoTime() < deadline) {
            status = as.get("/api/v1/privacy/exports/" + id).json().get("status").asString();
            if (status.equals("DONE") || status.equals("FAILED")) {
                break;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(status).isEqualTo("DONE");
        var file = as.get("/api/v1/privacy/exports/" + id + "/download");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Disposition")).startsWith("attachment").contains("charter-export-");
        return file.json();
    }
}
