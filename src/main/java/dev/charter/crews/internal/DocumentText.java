package dev.charter.crews.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * A knowledge-base document reduced to plain text and split into passages: by headings, then by paragraphs packed
 * up to {@link #TARGET_CHARS}, a longer paragraph split at sentence ends. HTML is parsed by jsoup and only its text
 * is kept (no markup, scripts, styles or attributes survive); Markdown loses its syntax (emphasis, code fences,
 * link targets, images, raw HTML).
 */
final class DocumentText {

    /** One passage: the heading it sits under (or null) and its text. */
    record Passage(String heading, String body) {}

    static final int TARGET_CHARS = 700;
    static final int MAX_CHARS = 1200;

    private static final Pattern MD_HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern MD_SETEXT = Pattern.compile("^\\s{0,3}(=+|-+)\\s*$");
    private static final Pattern MD_IMAGE = Pattern.compile("!\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern MD_LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern MD_REF_LINK = Pattern.compile("\\[([^\\]]*)]\\[[^\\]]*]");
    private static final Pattern MD_REF_DEF = Pattern.compile("^\\s{0,3}\\[[^\\]]+]:\\s+\\S+.*$");
    private static final Pattern MD_MARKS = Pattern.compile("(\\*\\*|__|\\*|`+|~~)");
    private static final Pattern MD_LIST = Pattern.compile("^\\s*([-*+]|\\d+[.)])\\s+");
    private static final Pattern MD_QUOTE = Pattern.compile("^\\s*>+\\s?");
    private static final Pattern MD_RULE = Pattern.compile("^\\s{0,3}([-*_]\\s*){3,}$");
    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?])\\s+");

    private DocumentText() {}

    /** The document's text as it is kept, one paragraph a line group. */
    static String plain(String format, String source) {
        StringBuilder b = new StringBuilder();
        for (Section s : sections(format, source)) {
            if (s.heading != null) {
                b.append(s.heading).append("\n\n");
            }
            for (String p : s.paragraphs) {
                b.append(p).append("\n\n");
            }
        }
        return b.toString().strip();
    }

    static List<Passage> passages(String format, String source) {
        List<Passage> out = new ArrayList<>();
        for (Section s : sections(format, source)) {
            StringBuilder current = new StringBuilder();
            for (String paragraph : s.paragraphs) {
                for (String piece : pieces(paragraph)) {
                    if (current.length() > 0 && current.length() + piece.length() + 1 > TARGET_CHARS) {
                        out.add(new Passage(s.heading, current.toString()));
                        current.setLength(0);
                    }
                    current.append(current.length() == 0 ? "" : "\n").append(piece);
                }
            }
            if (current.length() > 0) {
                out.add(new Passage(s.heading, current.toString()));
            } else if (s.heading != null && s.paragraphs.isEmpty() && out.isEmpty()) {
                out.add(new Passage(null, s.heading));
            }
        }
        return out;
    }

    private static final class Section {
        final String heading;
        final List<String> paragraphs = new ArrayList<>();

        Section(String heading) {
            this.heading = heading;
        }
    }

    private static List<Section> sections(String format, String source) {
        return switch (format) {
            case "html" -> html(source);
            case "markdown" -> markdown(source);
            default -> text(source);
        };
    }

    /** A paragraph longer than {@link #MAX_CHARS}, cut at sentence ends (or hard, for a sentence that long). */
    private static List<String> pieces(String paragraph) {
        if (paragraph.length() <= MAX_CHARS) {
            return List.of(paragraph);
        }
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (String sentence : SENTENCE.split(paragraph)) {
            while (sentence.length() > MAX_CHARS) {
                if (b.length() > 0) {
                    out.add(b.toString());
                    b.setLength(0);
                }
                out.add(sentence.substring(0, MAX_CHARS));
                sentence = sentence.substring(MAX_CHARS);
            }
            if (b.length() > 0 && b.length() + sentence.length() + 1 > TARGET_CHARS) {
                out.add(b.toString());
                b.setLength(0);
            }
            b.append(b.length() == 0 ? "" : " ").append(sentence);
        }
        if (b.length() > 0) {
            out.add(b.toString());
        }
        return out;
    }

    private static List<Section> text(String source) {
        Section s = new Section(null);
        for (String p : source.replace("\r\n", "\n").split("\n\\s*\n")) {
            String t = collapse(p);
            if (!t.isEmpty()) {
                s.paragraphs.add(t);
            }
        }
        return List.of(s);
    }

    private static List<Section> markdown(String source) {
        List<Section> out = new ArrayList<>();
        Section current = new Section(null);
        out.add(current);
        StringBuilder paragraph = new StringBuilder();
        String[] lines = source.replace("\r\n", "\n").split("\n", -1);
        boolean fence = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                fence = !fence;
                continue;
            }
            if (fence) {
                paragraph.append(line).append(' ');
                continue;
            }
            Matcher h = MD_HEADING.matcher(line);
            boolean setext = i + 1 < lines.length && !line.isBlank() && MD_SETEXT.matcher(lines[i + 1]).matches()
                    && paragraph.isEmpty();
            if (h.matches() || setext) {
                flush(current, paragraph);
                current = new Section(inline(h.matches() ? h.group(2) : line));
                out.add(current);
                if (setext) {
                    i++;
                }
                continue;
            }
            if (line.isBlank() || MD_RULE.matcher(line).matches()) {
                flush(current, paragraph);
                continue;
            }
            if (MD_REF_DEF.matcher(line).matches()) {
                continue;
            }
            if (MD_LIST.matcher(line).find()) {
                flush(current, paragraph);
            }
            String l = MD_QUOTE.matcher(MD_LIST.matcher(line).replaceFirst("")).replaceFirst("");
            paragraph.append(l).append(' ');
        }
        flush(current, paragraph);
        out.removeIf(s -> s.heading == null && s.paragraphs.isEmpty());
        return out;
    }

    private static void flush(Section s, StringBuilder paragraph) {
        String t = inline(paragraph.toString());
        if (!t.isEmpty()) {
            s.paragraphs.add(t);
        }
        paragraph.setLength(0);
    }

    /** Markdown inline syntax and any raw HTML reduced to text. */
    private static String inline(String s) {
        String t = MD_IMAGE.matcher(s).replaceAll("$1");
        t = MD_LINK.matcher(t).replaceAll("$1");
        t = MD_REF_LINK.matcher(t).replaceAll("$1");
        t = MD_MARKS.matcher(t).replaceAll("");
        if (t.indexOf('<') >= 0) {
            t = Jsoup.parseBodyFragment(t).body().text();
        }
        return collapse(t);
    }

    private static final java.util.Set<String> BLOCKS = java.util.Set.of("p", "div", "li", "td", "th", "pre", "blockquote",
            "section", "article", "dd", "dt", "figcaption", "tr", "br", "table", "ul", "ol", "main", "header", "footer");

    private static List<Section> html(String source) {
        Document doc = Jsoup.parse(source);
        doc.select("script, style, noscript, template, iframe, object, embed, svg, head").remove();
        List<Section> out = new ArrayList<>();
        Section[] current = {new Section(null)};
        out.add(current[0]);
        StringBuilder paragraph = new StringBuilder();
        walk(doc.body(), out, current, paragraph);
        flushText(current[0], paragraph);
        out.removeIf(s -> s.heading == null && s.paragraphs.isEmpty());
        return out;
    }

    private static void walk(Node node, List<Section> out, Section[] current, StringBuilder paragraph) {
        for (Node child : node.childNodes()) {
            if (child instanceof TextNode t) {
                paragraph.append(t.text());
            } else if (child instanceof Element e) {
                String tag = e.normalName();
                if (tag.matches("h[1-6]")) {
                    flushText(current[0], paragraph);
                    current[0] = new Section(collapse(e.text()));
                    out.add(current[0]);
                } else if (BLOCKS.contains(tag)) {
                    flushText(current[0], paragraph);
                    walk(e, out, current, paragraph);
                    flushText(current[0], paragraph);
                } else {
                    walk(e, out, current, paragraph);
                }
            }
        }
    }

    private static void flushText(Section s, StringBuilder paragraph) {
        String t = collapse(paragraph.toString());
        if (!t.isEmpty()) {
            s.paragraphs.add(t);
        }
        paragraph.setLength(0);
    }

    private static String collapse(String s) {
        return s.replaceAll("[\\s\\u00a0]+", " ").strip();
    }
}
