package dev.charter.pilots.web;

import dev.charter.pilots.internal.Deliveries;
import dev.charter.shared.TextInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Pilot's delivery URL. 202 means the run is committed to the database (PIL-3). An unknown
 * Pilot and a wrong secret both answer 404 and store nothing (PIL-2). A delivery with an idempotency key
 * that repeats an earlier one answers with the earlier run (docs/pilots.md).
 */
@RestController
@Tag(name = "Pilot deliveries")
class DeliveryController {

    private final Deliveries deliveries;

    DeliveryController(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    @PostMapping("/hooks/{pilotId}/{secret}")
    @Operation(summary = "Deliver to a Pilot with the secret in the path")
    ResponseEntity<Map<String, Object>> deliver(@PathVariable String pilotId, @PathVariable String secret,
                                                @RequestHeader(value = "Content-Type", required = false) String type,
                                                @RequestHeader HttpHeaders headers,
                                                @RequestBody(required = false) byte[] body) {
        return accepted(deliveries.accept(id(pilotId), secret, null, type, body == null ? new byte[0] : body, headers::getFirst));
    }

    @PostMapping("/hooks/{pilotId}")
    @Operation(summary = "Deliver with the secret in X-Charter-Secret, a body signed in X-Charter-Signature, or the sender's "
            + "own signature (GitHub, Stripe, Slack, Shopify, Standard Webhooks) when the Pilot checks that scheme")
    ResponseEntity<Map<String, Object>> deliverWithHeader(@PathVariable String pilotId,
                                                          @RequestHeader(value = "X-Charter-Secret", required = false) String secret,
                                                          @RequestHeader(value = "X-Charter-Signature", required = false) String signature,
                                                          @RequestHeader(value = "Content-Type", required = false) String type,
                                                          @RequestHeader HttpHeaders headers,
                                                          @RequestBody(required = false) byte[] body) {
        return accepted(deliveries.accept(id(pilotId), secret, signature, type, body == null ? new byte[0] : body,
                headers::getFirst));
    }

    /** A repeat with the same idempotency key answers as the first delivery did, and says it is a repeat. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity accepted(Deliveries.Accepted accepted) {
        if (accepted.handshake() != null) {
            return ResponseEntity.ok(accepted.handshake());
        }
        if (accepted.reply() != null) {
            return reply(accepted);
        }
        var answer = ResponseEntity.status(HttpStatus.ACCEPTED);
        if (accepted.replayed()) {
            answer.header("Idempotent-Replayed", "true");
        }
        return answer.body(Map.of("run", accepted.run(), "status", "QUEUED"));
    }

    /**
     * The run's reply step answered in time: its status and headers, and its body as JSON, or as text when the reply
     * set a text content type and the body is a string. The run id goes along in a header.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity reply(Deliveries.Accepted accepted) {
        var a = accepted.reply();
        var answer = ResponseEntity.status(a.status());
        String type = null;
        for (var h : a.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
                type = h.getValue();
            } else {
                answer.header(h.getKey(), h.getValue());
            }
        }
        answer.header("Charter-Run", accepted.run().toString());
        if (accepted.replayed()) {
            answer.header("Idempotent-Replayed", "true");
        }
        if (a.body() == null) {
            return answer.build();
        }
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/") && a.body() instanceof String text) {
            try {
                return answer.contentType(org.springframework.http.MediaType.parseMediaType(type)).body(text);
            } catch (org.springframework.http.InvalidMediaTypeException e) {
                return answer.contentType(org.springframework.http.MediaType.TEXT_PLAIN).body(text);
            }
        }
        return answer.contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(a.body());
    }

    /** A malformed id is just another unknown Pilot. */
    private static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new dev.charter.shared.NotFoundException("Delivery URL");
        }
    }

    @ExceptionHandler(Deliveries.PayloadTooLarge.class)
    ResponseEntity<ProblemDetail> tooLarge(Deliveries.PayloadTooLarge e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Payload too large", e.getMessage());
    }

    @ExceptionHandler(Deliveries.UnsupportedType.class)
    ResponseEntity<ProblemDetail> unsupported(Deliveries.UnsupportedType e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type", e.getMessage());
    }

    @ExceptionHandler(Deliveries.KeyReused.class)
    ResponseEntity<ProblemDetail> keyReused(Deliveries.KeyReused e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused", e.getMessage());
    }

    @ExceptionHandler(TextInput.UnsupportedCharset.class)
    ResponseEntity<ProblemDetail> unsupportedCharset(TextInput.UnsupportedCharset e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported charset", e.getMessage());
    }

    @ExceptionHandler(Deliveries.Busy.class)
    ResponseEntity<ProblemDetail> busy(Deliveries.Busy e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setTitle("Busy");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(p);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        return ResponseEntity.status(status).body(p);
    }
}
