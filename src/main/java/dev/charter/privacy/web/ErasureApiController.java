package dev.charter.privacy.web;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.RateLimiter;
import dev.charter.privacy.internal.OrganizationErasure;
import dev.charter.privacy.internal.PrivacySettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Erasing a whole organization with a signed receipt, and verifying receipts (DSR-5). */
@RestController
@RequestMapping("/api/v1/privacy")
@Tag(name = "Privacy")
class ErasureApiController {

    record Erasure(String confirmation) {}

    private final OrganizationErasure erasure;
    private final RateLimiter limiter;
    private final RateLimiter.Limit verifyLimit;

    ErasureApiController(OrganizationErasure erasure, RateLimiter limiter, PrivacySettings settings) {
        this.erasure = erasure;
        this.limiter = limiter;
        this.verifyLimit = new RateLimiter.Limit("receipt verification", settings.verificationsPerMinute(), Duration.ofMinutes(1));
    }

    @PostMapping("/organization/erasure")
    @Operation(summary = "Erase the whole organization at once (owner; confirm with its name); answers the signed receipt")
    ObjectNode erase(@AuthenticationPrincipal CurrentUser me, @RequestBody(required = false) Erasure body) {
        // every session of the organization is gone with it; the next request clears the stale cookie
        return erasure.erase(me, body == null ? null : body.confirmation());
    }

    @GetMapping("/receipts/key")
    @Operation(summary = "The public key that verifies erasure receipts (public)")
    Map<String, String> key() {
        return erasure.publicKey();
    }

    @PostMapping("/receipts/verify")
    @Operation(summary = "Verify an erasure receipt's signature (public)")
    OrganizationErasure.Verification verify(@RequestBody(required = false) JsonNode receipt, HttpServletRequest request) {
        limiter.check(verifyLimit, request.getRemoteAddr());
        return erasure.verify(receipt);
    }
}
