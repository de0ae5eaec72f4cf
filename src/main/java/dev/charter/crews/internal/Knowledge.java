package dev.charter.crews.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The organization's knowledge base: documents uploaded as Markdown, HTML or plain text, kept as text, split into
 * passages and indexed in the same transaction (docs/adr/0150). Members read it; admins add and remove documents,
 * each change audited. Retrieval only ever sees the organization's own passages (CRW-6).
 */
@Service
public class Knowledge {

    public record Document(UUID id, String title, String format, int passages, Instant createdAt) {}

    public record Passage(UUID id, UUID documentId, String title, int position, String heading, String body) {}

    public record Upload(String title, String format, String content) {}

    /** A ranked passage with its BM25 score and its normalized score (0 to 1). */
    public record Match(UUID passageId, UUID documentId, String title, String heading, String body, double score,
                        double confidence) {}

    public static final int MAX_DOCUMENT_CHARS = 1_000_000;
    public static final int MAX_QUERY_CHARS = 2_000;

    private final KnowledgeRepository repo;
    private final AuditLog audit;

    Knowledge(KnowledgeRepository repo, AuditLog audit) {
        this.repo = repo;
        this.audit = audit;
    }

    @Transactional
    public Document add(CurrentUser me, Upload upload) {
        me.requireAdmin();
        Map<String, String> errors = new LinkedHashMap<>();
        String title = upload == null || upload.title() == null ? "" : upload.title().strip();
        String format = upload == null || upload.format() == null ? "" : upload.format().strip().toLowerCase(Locale.ROOT);
        format = switch (format) {
            case "md", "markdown", "text/markdown" -> "markdown";
            case "html", "htm", "text/html" -> "html";
            case "text", "txt", "plain", "text/plain" -> "text";
            default -> format;
        };
        String content = upload == null || upload.content() == null ? "" : upload.content();
        if (title.isEmpty() || title.length() > 200) {
            errors.put("title", "A document needs a title of 1 to 200 characters.");
        }
        if (!List.of("markdown", "html", "text").contains(format)) {
            errors.put("format", "Upload Markdown (markdown), HTML (html) or plain text (text).");
        }
        if (content.isBlank()) {
            errors.put("content", "The document is empty.");
        } else if (content.length() > MAX_DOCUMENT_CHARS) {
            errors.put("content", "A document holds at most 1,000,000 characters; split this one.");
        }
        List<DocumentText.Passage> passages = errors.isEmpty() ? DocumentText.passages(format, content) : List.of();
        if (errors.isEmpty() && passages.isEmpty()) {
            errors.put("content", "The document has no text once its markup is removed.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        UUID id = UUID.randomUUID();
        repo.insertDocument(me.orgId(), id, title, format, DocumentText.plain(format, content), me.userId().value());
        int position = 0;
        for (DocumentText.Passage p : passages) {
            repo.insertPassage(me.orgId(), id, UUID.randomUUID(), position++, p.heading(), p.body());
        }
        repo.index(me.orgId(), id);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.document.added", "document:" + id)
                .with("passages", Integer.toString(passages.size())));
        return document(me.orgId(), id);
    }

    public List<Document> list(CurrentUser me) {
        return repo.documents(me.orgId()).stream().map(Knowledge::document).toList();
    }

    public Document document(OrgId org, UUID id) {
        return repo.document(org, id).map(Knowledge::document).orElseThrow(() -> new NotFoundException("document"));
    }

    public List<Passage> passages(CurrentUser me, UUID document) {
        document(me.orgId(), document);
        return repo.passages(me.orgId(), document).stream()
                .map(p -> new Passage(p.id(), p.documentId(), p.title(), p.position(), p.heading(), p.body())).toList();
    }

    /** Removes the document, its passages and their postings in one transaction: no answer cites it afterwards. */
    @Transactional
    public void remove(CurrentUser me, UUID id) {
        document(me.orgId(), id);
        me.requireAdmin();
        repo.deleteDocument(me.orgId(), id);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.document.removed", "document:" + id));
    }

    /** The organization's best passages for the question, best first. */
    public List<Match> search(OrgId org, String question, int limit) {
        String q = question == null ? "" : question.strip();
        if (q.isEmpty()) {
            return List.of();
        }
        if (q.length() > MAX_QUERY_CHARS) {
            q = q.substring(0, MAX_QUERY_CHARS);
        }
        return repo.search(org, q, Math.max(1, Math.min(limit, 20))).stream()
                .map(h -> new Match(h.id(), h.documentId(), h.title(), h.heading(), h.body(), h.score(), h.normalized()))
                .toList();
    }

    /** True when the question has a word the index could match (not only stop words such as "hi" or "is it"). */
    public boolean searchable(String question) {
        return question != null && !question.isBlank()
                && repo.hasTerms(question.length() > MAX_QUERY_CHARS ? question.substring(0, MAX_QUERY_CHARS) : question);
    }

    private static Document document(KnowledgeRepository.DocumentRow r) {
        return new Document(r.id(), r.title(), r.format(), r.passages(), r.createdAt());
    }
}
