package dev.charter.ai.web;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiGateway;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiStreamResult;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The AI page's "try it" box for the organization's own provider: the answer arrives as server-sent events while
 * the model writes ({@code start}, then {@code piece} events, then {@code end} with why it ended, or {@code error}).
 * A POST, so the CSRF token is checked like every form's; admins only, for their own organization. A handful of
 * streams run at once; more wait for a free one.
 */
@Controller
class AiStreamController {

    private static final Logger log = LoggerFactory.getLogger(AiStreamController.class);
    /** Longer than the longest timeout a request may have, so the model's limit is the one that applies. */
    static final long EMITTER_TIMEOUT_MILLIS = 150_000;

    private final AiGateway ai;
    private final JsonMapper json;
    private final ExecutorService streams = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "ai-page-stream");
        t.setDaemon(true);
        return t;
    });

    AiStreamController(AiGateway ai, JsonMapper json) {
        this.ai = ai;
        this.json = json;
    }

    @PostMapping("/ai/stream")
    SseEmitter stream(@AuthenticationPrincipal CurrentUser me, @RequestParam Map<String, String> params) {
        me.requireAdmin();
        String instruction = params.getOrDefault("instruction", "");
        // input the gateway refuses (an empty instruction, too much text) ends the stream with an error event
        AiRequest request = AiRequest.of(me.orgId(), "ai.try-it", instruction, data(params.getOrDefault("text", "")))
                .withActor(me.userId());
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT_MILLIS);
        streams.execute(() -> run(request, emitter));
        return emitter;
    }

    private void run(AiRequest request, SseEmitter emitter) {
        try {
            send(emitter, "start", json.createObjectNode().put("provider", ai.activeProvider(request.org()).name()));
            AiStreamResult r = ai.stream(request, piece -> send(emitter, "piece", json.createObjectNode().put("text", piece)));
            ObjectNode end = json.createObjectNode();
            end.put("end", r.end().name());
            end.put("message", r.end().message());
            end.put("provider", r.result().provider().name());
            end.put("producedLocally", r.result().producedLocally());
            end.put("outputTokens", r.result().usage().outputTokens());
            send(emitter, "end", end);
            emitter.complete();
        } catch (InvalidInputException e) {
            ObjectNode error = json.createObjectNode().put("kind", "INVALID_INPUT");
            error.put("reason", String.join(" ", e.fieldErrors().values()));
            finish(emitter, error);
        } catch (AiFailedException e) {
            ObjectNode error = json.createObjectNode().put("kind", e.kind().name());
            error.put("reason", e.reason());
            error.put("retryable", e.retryable());
            finish(emitter, error);
        } catch (UncheckedIOException e) {
            // the page went away: the stream stops here, and the model call with it
            log.debug("An AI page stream ended because its reader left");
            emitter.complete();
        } catch (RuntimeException e) {
            log.warn("An AI page stream failed", e);
            emitter.completeWithError(e);
        }
    }

    private void finish(SseEmitter emitter, ObjectNode error) {
        try {
            send(emitter, "error", error);
            emitter.complete();
        } catch (UncheckedIOException gone) {
            emitter.complete();
        }
    }

    private static void send(SseEmitter emitter, String name, ObjectNode data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data.toString(), MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            throw new UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** The sample as JSON when it is a JSON object or array, else as one string (as the local try form). */
    private JsonNode data(String text) {
        String t = text.strip();
        if (t.startsWith("{") || t.startsWith("[")) {
            try {
                return json.readTree(t);
            } catch (JacksonException e) {
                // not JSON after all: plain text
            }
        }
        return StringNode.valueOf(text);
    }

    @PreDestroy
    void stop() {
        streams.shutdownNow();
    }
}
