package dev.charter.privacy.web;

import dev.charter.identity.CurrentUser;
import dev.charter.privacy.Consents;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Consent attestations to opt-in processing: attest, withdraw, history. */
@RestController
@RequestMapping("/api/v1/privacy/consents")
@Tag(name = "Privacy")
class ConsentApiController {

    record Attest(String processing, String text) {}

    private final Consents consents;

    ConsentApiController(Consents consents) {
        this.consents = consents;
    }

    @GetMapping
    @Operation(summary = "Every consent attestation of the organization, newest first")
    List<Consents.Attestation> list(@AuthenticationPrincipal CurrentUser me) {
        return consents.history(me.orgId());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Attest consent to an opt-in processing with the exact text agreed to (owners and admins)")
    Consents.Attestation attest(@AuthenticationPrincipal CurrentUser me, @RequestBody(required = false) Attest body) {
        return consents.attest(me, body == null ? null : body.processing(), body == null ? null : body.text());
    }

    @PostMapping("/{processing}/withdraw")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Withdraw the active consent to a processing; it stops at once (owners and admins)")
    void withdraw(@AuthenticationPrincipal CurrentUser me, @PathVariable String processing) {
        consents.withdraw(me, processing);
    }
}
