package dev.charter.pilots.web;

import dev.charter.identity.CurrentUser;
import dev.charter.pilots.internal.PilotRepositoryView;
import dev.charter.pilots.internal.PilotService;
import dev.charter.pilots.internal.PilotTransfer;
import dev.charter.pilots.internal.Runs;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.TextInput;
import dev.charter.shared.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The Pilots pages: the list, one Pilot with its run history and actions, export and import. */
@Controller
class PilotPagesController {

    private final PilotService pilots;
    private final Runs runs;
    private final PilotTransfer transfer;
    private final JsonMapper json;

    PilotPagesController(PilotService pilots, Runs runs, PilotTransfer transfer, JsonMapper json) {
        this.pilots = pilots;
        this.runs = runs;
        this.transfer = transfer;
        this.json = json;
    }

    /** Pilots a page of the list shows. */
    static final int PILOTS_PAGE = 25;
    /** Runs a page of a Pilot's run history shows. */
    static final int RUNS_PAGE = 20;
    /** The list's status filter: the enabled state, or the last run's status. */
    static final List<String> PILOT_STATUSES = List.of("enabled", "disabled", "queued", "running", "succeeded", "failed",
            "stopped");

    /** The list, found by title ({@code q}), status and page, all in the address so it can be bookmarked. */
    @GetMapping("/pilots")
    String list(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String q,
                @RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String page, Model model) {
        String title = q.replace("\u0000", "").strip();
        if (title.length() > 200) {
            title = title.substring(0, 200);
        }
        String wanted = status.strip().toLowerCase(Locale.ROOT);
        if (!wanted.isEmpty() && !PILOT_STATUSES.contains(wanted)) {
            model.addAttribute("ignored", "There is no status \u201c" + clip(status.strip(), 40)
                    + "\u201d; showing every status.");
            wanted = "";
        }
        Boolean enabled = wanted.equals("enabled") ? Boolean.TRUE : wanted.equals("disabled") ? Boolean.FALSE : null;
        String lastStatus = Paging.runStatus(wanted).orElse(null);
        int requested = Paging.requested(page);
        var found = PilotRepositoryView.page(pilots.search(me, title, enabled, lastStatus, (requested - 1) * PILOTS_PAGE, PILOTS_PAGE));
        var paging = Paging.of(requested, PILOTS_PAGE, found.total());
        if (paging.page() != requested) {
            found = PilotRepositoryView.page(pilots.search(me, title, enabled, lastStatus, paging.offset(), PILOTS_PAGE));
        }
        boolean filtered = !title.isEmpty() || !wanted.isEmpty();
        model.addAttribute("pilots", found.rows());
        model.addAttribute("paging", paging);
        model.addAttribute("previousUrl", pageUrl("/pilots", "q", title, "status", wanted, "page", paging.page() - 1));
        model.addAttribute("nextUrl", pageUrl("/pilots", "q", title, "status", wanted, "page", paging.page() + 1));
        model.addAttribute("q", title);
        model.addAttribute("status", wanted);
        model.addAttribute("statuses", PILOT_STATUSES);
        model.addAttribute("filtered", filtered);
        model.addAttribute("none", found.total() == 0 && !filtered);
        return "pilots/list";
    }

    /** An address of another page of a list, naming only the filters in use. */
    private static String pageUrl(String path, String textName, String text, String statusName, String status,
                                  String pageName, int page) {
        var uri = UriComponentsBuilder.fromPath(path);
        if (!text.isEmpty()) {
            uri.queryParam(textName, text);
        }
        if (!status.isEmpty()) {
            uri.queryParam(statusName, status);
        }
        return uri.queryParam(pageName, page).encode().build().toUriString();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "\u2026";
    }

    /** One Pilot with a page of its run history ({@code runStatus} and {@code runPage} in the address). */
    @GetMapping("/pilots/{pilotId}")
    String pilot(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId,
                 @RequestParam(defaultValue = "") String runStatus, @RequestParam(defaultValue = "") String runPage,
                 HttpServletRequest request, Model model) {
        var pilot = pilots.get(me, pilotId);
        model.addAttribute("pilot", pilot);
        model.addAttribute("pageTitle", pilot.definition().title());
        model.addAttribute("diagram", PilotDiagram.svg(pilot.definition().trigger().kind(), pilot.definition().steps(), null));
        model.addAttribute("deliveryUrl", ServletUriComponentsBuilder.fromContextPath(request)
                .replacePath(pilot.deliveryPath()).replaceQuery(null).build().toUriString());
        String status = Paging.runStatus(runStatus).orElse(null);
        if (status == null && !runStatus.isBlank()) {
            model.addAttribute("runsIgnored", "There is no run status \u201c" + clip(runStatus.strip(), 40)
                    + "\u201d; showing every status.");
        }
        int requested = Paging.requested(runPage);
        var found = PilotRepositoryView.page(runs.historyPage(me, pilotId, status, (requested - 1) * RUNS_PAGE, RUNS_PAGE));
        var paging = Paging.of(requested, RUNS_PAGE, found.total());
        if (paging.page() != requested) {
            found = PilotRepositoryView.page(runs.historyPage(me, pilotId, status, paging.offset(), RUNS_PAGE));
        }
        String shown = status == null ? "" : status.toLowerCase(Locale.ROOT);
        String path = "/pilots/" + pilotId;
        model.addAttribute("runs", found.rows());
        model.addAttribute("runsPaging", paging);
        model.addAttribute("runsPreviousUrl", pageUrl(path, "q", "", "runStatus", shown, "runPage", paging.page() - 1));
        model.addAttribute("runsNextUrl", pageUrl(path, "q", "", "runStatus", shown, "runPage", paging.page() + 1));
        model.addAttribute("runStatus", status == null ? "" : status.toLowerCase(Locale.ROOT));
        model.addAttribute("runStatuses", Paging.RUN_STATUSES);
        model.addAttribute("errors", Map.of());
        return "pilots/pilot";
    }

    @PostMapping("/pilots/{pilotId}/enabled")
    String enable(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId,
                  @RequestParam(defaultValue = "false") boolean enabled) {
        pilots.setEnabled(me, pilotId, enabled);
        return "redirect:/pilots/" + pilotId + "?notice=" + (enabled ? "pilot-enabled" : "pilot-disabled");
    }

    @PostMapping("/pilots/{pilotId}/rotate-secret")
    String rotate(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId) {
        pilots.rotateSecret(me, pilotId);
        return "redirect:/pilots/" + pilotId + "?notice=pilot-secret-rotated";
    }

    @PostMapping("/pilots/{pilotId}/signing-secret")
    String signingSecret(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId,
                         @RequestParam(name = "secret", defaultValue = "") String value) {
        var secret = dev.charter.vault.SecretValue.of(value);
        try {
            pilots.setSigningSecret(me, pilotId, secret);
        } finally {
            secret.wipe();
        }
        return "redirect:/pilots/" + pilotId + "?notice=pilot-signing-secret-set";
    }

    @PostMapping("/pilots/{pilotId}/run")
    String runNow(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId) {
        return "redirect:/pilots/runs/" + runs.runNow(me, pilotId, null);
    }

    @PostMapping("/pilots/{pilotId}/delete")
    String delete(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId,
                  @RequestParam(defaultValue = "") String confirmation, HttpServletRequest request, Model model,
                  HttpServletResponse response) {
        var pilot = pilots.get(me, pilotId);
        if (!confirmation.strip().equals(pilot.definition().title())) {
            response.setStatus(400);
            String page = pilot(me, pilotId, "", "", request, model);
            model.addAttribute("errors", Map.of("confirmation", "Type the Pilot's title exactly to delete it."));
            return page;
        }
        pilots.delete(me, pilotId);
        return "redirect:/pilots?notice=pilot-deleted";
    }

    @GetMapping("/pilots/{pilotId}/export")
    ResponseEntity<byte[]> export(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId) {
        byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(transfer.export(me, pilotId));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("pilot-" + pilotId + ".json").build().toString())
                .body(body);
    }

    @GetMapping("/pilots/runs/{runId}")
    String run(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID runId, Model model) {
        var run = runs.run(me, runId);
        var pilot = pilots.get(me, PilotRepositoryView.stored(run).pilot());
        RunPage view = RunPage.of(run, pilot.definition().steps());
        model.addAttribute("view", view);
        model.addAttribute("pilotTitle", pilot.definition().title());
        Map<Integer, String> statuses = new java.util.HashMap<>();
        view.steps().forEach(s -> statuses.put(s.position(), s.status()));
        model.addAttribute("diagram", PilotDiagram.svg(pilot.definition().trigger().kind(), pilot.definition().steps(), statuses));
        return "pilots/run";
    }

    /** The live part of the run page; htmx polls it every second while the run is in progress. */
    @GetMapping("/pilots/runs/{runId}/live")
    String live(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID runId, Model model) {
        var run = runs.run(me, runId);
        model.addAttribute("view", RunPage.of(run, pilots.get(me, PilotRepositoryView.stored(run).pilot()).definition().steps()));
        return "pilots/run :: live";
    }

    /** A run's whole trigger payload, for the page's "Download" link when it shows only the start of it. */
    @GetMapping("/pilots/runs/{runId}/download/payload")
    ResponseEntity<byte[]> downloadPayload(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID runId) {
        var run = PilotRepositoryView.stored(runs.run(me, runId));
        return download(run.payload(), "run-" + runId + "-payload.json");
    }

    /** One step's whole input or output. Another organization's run, a step that did not run, or another part is 404. */
    @GetMapping("/pilots/runs/{runId}/download/steps/{position}/{part}")
    ResponseEntity<byte[]> downloadStep(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID runId,
                                        @PathVariable String position, @PathVariable String part) {
        var run = PilotRepositoryView.stored(runs.run(me, runId));
        if (!position.matches("\\d{1,3}") || !(part.equals("input") || part.equals("output"))) {
            throw new NotFoundException("Step");
        }
        int at = Integer.parseInt(position);
        var step = run.steps().stream().filter(s -> s.position() == at).findFirst()
                .orElseThrow(() -> new NotFoundException("Step"));
        return download("input".equals(part) ? step.input() : step.output(),
                "run-" + runId + "-step-" + (at + 1) + "-" + part + ".json");
    }

    private static ResponseEntity<byte[]> download(String stored, String filename) {
        if (stored == null) {
            throw new NotFoundException("Value");
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(stored.getBytes(StandardCharsets.UTF_8));
    }

    @PostMapping("/pilots/runs/{runId}/rerun")
    String rerun(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID runId) {
        return "redirect:/pilots/runs/" + runs.rerun(me, runId);
    }

    @GetMapping("/pilots/import")
    String importPage(Model model) {
        model.addAttribute("document", "");
        model.addAttribute("errors", Map.of());
        return "pilots/import";
    }

    /** The pasted or uploaded export, refused whole (as "document") if it is not text and JSON Charter can keep. */
    private static String checkedText(String document, MultipartFile file) throws IOException {
        boolean upload = file != null && !file.isEmpty();
        String where = upload ? "file" : "document";
        try {
            String text = upload ? TextInput.decode(file.getBytes(), TextInput.charset(file.getContentType()), where) : document;
            if (text.isBlank()) {
                throw new InvalidInputException("document", "Paste an export or choose a file.");
            }
            TextInput.checkJson(where, text);
            return text;
        } catch (TextInput.UnsupportedCharset e) {
            throw new InvalidInputException("document", e.getMessage());
        } catch (InvalidInputException e) {
            throw e.fieldErrors().containsKey("document") ? e : new InvalidInputException("document", e.getMessage());
        }
    }

    @PostMapping("/pilots/import")
    String importPilot(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String document,
                       @RequestParam(name = "file", required = false) MultipartFile file, Model model,
                       HttpServletResponse response) throws IOException {
        String text = document;
        try {
            text = checkedText(document, file);
            var created = transfer.importPilot(me, json.readTree(text));
            return "redirect:/pilots/" + created.id() + "?notice=pilot-imported";
        } catch (JacksonException e) {
            model.addAttribute("errors", Map.of("document", "This is not valid JSON: " + TextInput.readable(e)));
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.fieldErrors());
        }
        response.setStatus(400);
        model.addAttribute("document", text);
        return "pilots/import";
    }
}
