package dev.charter.privacy.web;

import dev.charter.identity.CurrentUser;
import dev.charter.privacy.internal.ExportJobs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Data exports on the API (DSR-1): start, poll, download. */
@RestController
@RequestMapping("/api/v1/privacy/exports")
@Tag(name = "Privacy")
class ExportApiController {

    record Start(Boolean includeOrganization) {}

    private final ExportJobs exports;

    ExportApiController(ExportJobs exports) {
        this.exports = exports;
    }

    @PostMapping
    @Operation(summary = "Start an export of your data (an owner may include the organization); answers 202 with the job")
    ResponseEntity<ExportJobs.Job> start(@AuthenticationPrincipal CurrentUser me, @RequestBody(required = false) Start body) {
        boolean org = body != null && Boolean.TRUE.equals(body.includeOrganization());
        var job = exports.start(me, org);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Location", "/api/v1/privacy/exports/" + job.id()).body(job);
    }

    @GetMapping
    @Operation(summary = "Your exports, newest first")
    List<ExportJobs.Job> list(@AuthenticationPrincipal CurrentUser me) {
        return exports.list(me);
    }

    @GetMapping("/{exportId}")
    @Operation(summary = "One export's status and progress")
    ExportJobs.Job get(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID exportId) {
        return exports.get(me, exportId);
    }

    @GetMapping("/{exportId}/download")
    @Operation(summary = "The finished export file (charter.export/v1 JSON)")
    ResponseEntity<byte[]> download(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID exportId) {
        return Downloads.of(exports.download(me, exportId));
    }
}
