package dev.charter.privacy.web;

import dev.charter.identity.CurrentUser;
import dev.charter.privacy.internal.ExportJobs;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The export pages: start, a progress page that htmx polls, the download (DSR-1). */
@Controller
class ExportPageController {

    private final ExportJobs exports;

    ExportPageController(ExportJobs exports) {
        this.exports = exports;
    }

    @PostMapping("/privacy/exports")
    String start(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "false") boolean includeOrganization) {
        return "redirect:/privacy/exports/" + exports.start(me, includeOrganization).id();
    }

    @GetMapping("/privacy/exports/{exportId}")
    String page(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID exportId, Model model) {
        model.addAttribute("job", exports.get(me, exportId));
        return "privacy/export";
    }

    @GetMapping("/privacy/exports/{exportId}/progress")
    String progress(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID exportId, Model model) {
        model.addAttribute("job", exports.get(me, exportId));
        return "privacy/export :: progress";
    }

    @GetMapping("/privacy/exports/{exportId}/download")
    ResponseEntity<byte[]> download(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID exportId) {
        return Downloads.of(exports.download(me, exportId));
    }
}
