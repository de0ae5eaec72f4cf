package dev.charter.perfcases.web;

import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.CaseProfiles;
import dev.charter.perfcases.ProfileSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A case's flame summaries (PRF-4), from a Pyroscope connection or an uploaded JFR file, as JSON. */
@RestController
@RequestMapping("/api/v1/perfcases")
@Tag(name = "Perf cases")
class CaseProfilesApiController {

    record ReadProfiles(UUID connectionId) {}

    private final CaseProfiles profiles;

    CaseProfilesApiController(CaseProfiles profiles) {
        this.profiles = profiles;
    }

    @GetMapping("/cases/{caseId}/profiles")
    @Operation(summary = "The flame summaries kept for the case")
    List<ProfileSummary> list(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId) {
        return profiles.list(me.orgId(), caseId);
    }

    @PostMapping("/cases/{caseId}/profiles")
    @Operation(summary = "Read both versions' CPU profiles from a Pyroscope connection now")
    List<ProfileSummary> read(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId,
                              @RequestBody ReadProfiles r) {
        return profiles.read(me, caseId, r.connectionId());
    }

    /** The file is the body (send it as application/octet-stream: only then may it exceed the payload limit). */
    @PostMapping("/cases/{caseId}/profiles/jfr")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Upload a Java Flight Recorder file (.jfr, or gzipped) of one of the case's versions; "
            + "only its execution samples' frames are kept")
    ProfileSummary upload(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId,
                          @RequestParam(name = "version", required = false) String version, @RequestBody(required = false) byte[] file) {
        return profiles.upload(me, caseId, version, file);
    }
}
