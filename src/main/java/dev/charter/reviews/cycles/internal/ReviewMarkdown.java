package dev.charter.reviews.cycles.internal;

import dev.charter.reviews.Signal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A final review as Markdown: the sentences, each followed by numbered references to its evidence, and the evidence
 * list (what each signal is, when, and its link in the tool). Text from the review and the tools is escaped, so a
 * title cannot add a link or a heading of its own.
 */
final class ReviewMarkdown {

    private ReviewMarkdown() {}

    static String of(CycleService.ReviewView v) {
        Map<UUID, Integer> numbers = new LinkedHashMap<>();
        Map<UUID, Signal> byId = new LinkedHashMap<>();
        v.signals().forEach(s -> byId.put(s.id(), s));
        StringBuilder md = new StringBuilder();
        md.append("# ").append(escape(v.cycle().name())).append(": ").append(escape(name(v.reviewee()))).append("\n\n");
        md.append("- Period: ").append(v.cycle().from()).append(" to ").append(v.cycle().to()).append('\n');
        md.append("- Reviewer: ").append(escape(name(v.reviewer()))).append('\n');
        md.append("- Final since: ").append(v.review().finalizedAt()).append("\n\n");
        md.append("## Review\n\n");
        for (Review.Sentence s : v.review().draft().sentences()) {
            md.append("- ").append(escape(s.text()));
            for (UUID id : s.signals()) {
                if (byId.containsKey(id)) {
                    int n = numbers.computeIfAbsent(id, x -> numbers.size() + 1);
                    md.append(" [").append(n).append("](#evidence-").append(n).append(')');
                }
            }
            md.append('\n');
        }
        md.append("\n## Evidence\n\n");
        if (numbers.isEmpty()) {
            md.append("No signal is cited.\n");
        }
        numbers.forEach((id, n) -> {
            Signal s = byId.get(id);
            md.append("<a id=\"evidence-").append(n).append("\"></a>").append(n).append(". ")
                    .append(s.source()).append(' ').append(s.kind()).append(' ').append(escape(s.externalId()));
            if (s.title() != null) {
                md.append(": ").append(escape(s.title()));
            }
            md.append(" (").append(s.occurredAt()).append(')');
            if (s.link() != null && (s.link().startsWith("https://") || s.link().startsWith("http://"))) {
                md.append(" <").append(s.link().replace(">", "%3E").replace(" ", "%20")).append('>');
            }
            md.append('\n');
        });
        return md.toString();
    }

    private static String name(dev.charter.identity.Members.Member m) {
        return m == null ? "a former member" : m.displayName() == null || m.displayName().isBlank() ? m.email() : m.displayName();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.replaceAll("[\\r\\n]+", " ").toCharArray()) {
            if ("\\`*_{}[]()<>#+-.!|~".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
