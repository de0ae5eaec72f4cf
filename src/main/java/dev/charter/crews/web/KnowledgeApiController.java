package dev.charter.crews.web;

import dev.charter.crews.internal.Knowledge;
import dev.charter.identity.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The organization's knowledge base as JSON: documents, their passages, and a search as the answerer sees it. */
@RestController
@RequestMapping("/api/v1/crews/knowledge")
@Tag(name = "Crews")
class KnowledgeApiController {

    private final Knowledge knowledge;

    KnowledgeApiController(Knowledge knowledge) {
        this.knowledge = knowledge;
    }

    @GetMapping("/documents")
    @Operation(summary = "The knowledge base's documents, newest first")
    List<Knowledge.Document> list(@AuthenticationPrincipal CurrentUser me) {
        return knowledge.list(me);
    }

    @PostMapping("/documents")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a document (admins): title, format (markdown, html or text) and content; indexed at once")
    Knowledge.Document add(@AuthenticationPrincipal CurrentUser me, @RequestBody Knowledge.Upload upload) {
        return knowledge.add(me, upload);
    }

    @GetMapping("/documents/{documentId}")
    @Operation(summary = "A document")
    Knowledge.Document get(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID documentId) {
        return knowledge.document(me.orgId(), documentId);
    }

    @GetMapping("/documents/{documentId}/passages")
    @Operation(summary = "The passages a document was split into, as answers cite them")
    List<Knowledge.Passage> passages(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID documentId) {
        return knowledge.passages(me, documentId);
    }

    @DeleteMapping("/documents/{documentId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a document (admins): it leaves the index in the same transaction")
    void remove(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID documentId) {
        knowledge.remove(me, documentId);
    }

    @GetMapping("/search")
    @Operation(summary = "The best passages for a question, with their BM25 score and normalized confidence")
    List<Knowledge.Match> search(@AuthenticationPrincipal CurrentUser me, @RequestParam String q,
                                 @RequestParam(defaultValue = "5") int limit) {
        return knowledge.search(me.orgId(), q, limit);
    }
}
