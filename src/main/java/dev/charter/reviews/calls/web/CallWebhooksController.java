package dev.charter.reviews.calls.web;

import dev.charter.reviews.calls.internal.CallWebhooks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The addresses a Zoom app and an Aircall webhook deliver to; each request is checked with the provider's secret. */
@RestController
@Tag(name = "Reviews: call webhooks")
class CallWebhooksController {

    private final CallWebhooks webhooks;

    CallWebhooksController(CallWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping("/webhooks/calls/zoom/{orgId}")
    @Operation(summary = "Zoom: recording.transcript_completed and endpoint.url_validation, signed with x-zm-signature")
    ResponseEntity<Map<String, Object>> zoom(@PathVariable String orgId,
                                             @RequestHeader(value = "x-zm-request-timestamp", required = false) String timestamp,
                                             @RequestHeader(value = "x-zm-signature", required = false) String signature,
                                             @RequestBody(required = false) byte[] body) {
        CallWebhooks.Answer a = webhooks.zoom(orgId, timestamp, signature, body == null ? new byte[0] : body);
        return ResponseEntity.status(a.status()).body(a.body());
    }

    @PostMapping("/webhooks/calls/aircall/{orgId}")
    @Operation(summary = "Aircall: transcription.created, with the webhook's token in the payload")
    ResponseEntity<Map<String, Object>> aircall(@PathVariable String orgId, @RequestBody(required = false) byte[] body) {
        CallWebhooks.Answer a = webhooks.aircall(orgId, body == null ? new byte[0] : body);
        return ResponseEntity.status(a.status()).body(a.body());
    }
}
