package dev.charter.perfcases.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A parser for the subset of LogQL Charter sends to Loki (PRF-3): metric queries only. A query must be a vector
 * aggregation ({@code sum}, {@code avg}, {@code min}, {@code max}, {@code count}) grouped {@code by} labels of the
 * grant (never {@code without}, which would keep every other label, extracted ones included), over range
 * aggregations of a log range ({@code count_over_time}, {@code rate}, {@code quantile_over_time} with {@code unwrap}
 * …). A log query, a stream selector on its own, a pipeline stage outside the subset ({@code line_format},
 * {@code label_format}) or anything else is refused with the reason, before anything is sent.
 *
 * <p>What is sent is the parsed tree written out again ({@link Expr#render()}), not the text as it was given.
 */
final class LogQl {

    /** The query is not a LogQL metric query of the subset; the message says why and what would do. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    sealed interface Expr permits VectorAgg, RangeAgg {
        String render();
    }

    record Matcher(String label, String op, String value) {
        String render() {
            return label + op + quote(value);
        }
    }

    /** One pipeline stage, already rendered (line filter, parser, label filter or unwrap). */
    record Stage(String kind, String rendered) {}

    record LogRange(List<Matcher> selector, List<Stage> pipeline, String range) {
        String render() {
            return "{" + selector.stream().map(Matcher::render).collect(Collectors.joining(", ")) + "}"
                    + pipeline.stream().map(s -> " " + s.rendered()).collect(Collectors.joining()) + " [" + range + "]";
        }

        boolean unwrapped() {
            return pipeline.stream().anyMatch(s -> s.kind().equals("unwrap"));
        }
    }

    record RangeAgg(String op, Double parameter, LogRange range, List<String> by) implements Expr {
        public String render() {
            return op + "(" + (parameter == null ? "" : number(parameter) + ", ") + range.render() + ")"
                    + (by.isEmpty() ? "" : " by (" + String.join(", ", by) + ")");
        }
    }

    record VectorAgg(String op, List<String> by, Expr inner) implements Expr {
        public String render() {
            return op + (by.isEmpty() ? "" : " by (" + String.join(", ", by) + ")") + " (" + inner.render() + ")";
        }
    }

    static final Set<String> VECTOR_OPS = Set.of("sum", "avg", "min", "max", "count");
    static final Set<String> COUNTING = Set.of("count_over_time", "rate", "bytes_over_time", "bytes_rate");
    static final Set<String> UNWRAPPING = Set.of("quantile_over_time", "sum_over_time", "avg_over_time", "max_over_time",
            "min_over_time");
    private static final Set<String> PARSERS = Set.of("json", "logfmt");

    /**
     * Parses {@code text} and checks every {@code by} against {@code allowedLabels}.
     *
     * @throws Refused when it is not a metric query of the subset, or groups by a label outside the grant
     */
    static VectorAgg parse(String text, List<String> allowedLabels) {
        if (text == null || text.isBlank()) {
            throw new Refused("Give a LogQL metric query, such as sum by (service_name) (count_over_time({app=\"shop\"} |= \"error\" [5m])).");
        }
        if (text.length() > TelemetryQuery.MAX_TEXT) {
            throw new Refused("A query is at most " + TelemetryQuery.MAX_TEXT + " characters.");
        }
        Parser p = new Parser(new Lexer(text).tokens());
        if (p.peekIs("{")) {
            throw new Refused("This is a log query: it would return log lines. Only metric queries are sent: wrap it in "
                    + "an aggregation, such as sum by (service_name) (count_over_time(... [5m])).");
        }
        Expr e = p.expr();
        p.expect("EOF");
        if (!(e instanceof VectorAgg top)) {
            throw new Refused("The outermost expression must be sum, avg, min, max or count, grouped by granted labels: "
                    + "a range aggregation on its own answers with every label of every stream, extracted ones included.");
        }
        check(top, allowedLabels);
        return top;
    }

    private static void check(Expr e, List<String> allowed) {
        List<String> by = e instanceof VectorAgg v ? v.by() : ((RangeAgg) e).by();
        for (String label : by) {
            if (!allowed.contains(label)) {
                throw new Refused("Grouping by " + label + " is outside the grant; it may group by " + allowed + ".");
            }
        }
        if (e instanceof VectorAgg v) {
            check(v.inner(), allowed);
        }
    }

    private record Token(String type, String text) {}

    private static final class Lexer {
        private final String s;
        private int i;

        Lexer(String s) {
            this.s = s;
        }

        List<Token> tokens() {
            List<Token> out = new ArrayList<>();
            while (true) {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i >= s.length()) {
                    out.add(new Token("EOF", ""));
                    return out;
                }
                char c = s.charAt(i);
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (Set.of("|=", "|~", "!=", "!~", "=~", "==", ">=", "<=").contains(two)) {
                    out.add(new Token(two, two));
                    i += 2;
                } else if ("{}()[],|=<>".indexOf(c) >= 0) {
                    out.add(new Token(String.valueOf(c), String.valueOf(c)));
                    i++;
                } else if (c == '"' || c == '`') {
                    out.add(new Token("STRING", string(c)));
                } else if (Character.isLetter(c) || c == '_') {
                    int start = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                        i++;
                    }
                    out.add(new Token("IDENT", s.substring(start, i)));
                } else if (Character.isDigit(c) || c == '.') {
                    int start = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                        i++;
                    }
                    out.add(new Token("NUMBER", s.substring(start, i)));
                } else {
                    throw new Refused("Unexpected character at position " + (i + 1) + " of the query.");
                }
            }
        }

        private String string(char quote) {
            StringBuilder b = new StringBuilder();
            i++;
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == quote) {
                    return b.toString();
                }
                if (c == '\\' && quote == '"' && i < s.length()) {
                    char n = s.charAt(i++);
                    b.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> n;
                    });
                } else {
                    b.append(c);
                }
            }
            throw new Refused("A string of the query is not closed.");
        }
    }

    private static final class Parser {
        private final List<Token> tokens;
        private int at;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        boolean peekIs(String type) {
            return tokens.get(at).type().equals(type);
        }

        Token expect(String type) {
            Token t = tokens.get(at);
            if (!t.type().equals(type)) {
                throw new Refused("Expected " + (type.equals("EOF") ? "the end of the query" : "'" + type + "'") + " but found "
                        + (t.type().equals("EOF") ? "the end of the query" : "'" + t.text() + "'") + ".");
            }
            at++;
            return t;
        }

        Expr expr() {
            Token t = expect("IDENT");
            String op = t.text().toLowerCase(Locale.ROOT);
            if (VECTOR_OPS.contains(op)) {
                List<String> by = grouping();
                expect("(");
                Expr inner = expr();
                expect(")");
                if (by.isEmpty()) {
                    by = grouping();
                } else if (peekIs("IDENT") && Set.of("by", "without").contains(tokens.get(at).text())) {
                    throw new Refused("Group an aggregation once.");
                }
                return new VectorAgg(op, by, inner);
            }
            if (COUNTING.contains(op) || UNWRAPPING.contains(op)) {
                expect("(");
                Double parameter = null;
                if (op.equals("quantile_over_time")) {
                    parameter = number(expect("NUMBER").text());
                    if (parameter < 0 || parameter > 1) {
                        throw new Refused("A quantile lies between 0 and 1.");
                    }
                    expect(",");
                }
                LogRange range = logRange();
                expect(")");
                if (UNWRAPPING.contains(op) != range.unwrapped()) {
                    throw new Refused(op + (range.unwrapped() ? " counts lines and takes no unwrap." : " needs | unwrap <label>."));
                }
                return new RangeAgg(op, parameter, range, grouping());
            }
            throw new Refused("'" + t.text() + "' is not one of the aggregations Charter sends: " + VECTOR_OPS + ", "
                    + COUNTING + ", " + UNWRAPPING + ".");
        }

        List<String> grouping() {
            if (!peekIs("IDENT")) {
                return List.of();
            }
            String word = tokens.get(at).text();
            if (word.equals("without")) {
                throw new Refused("'without' keeps every label but the named ones, extracted ones included; group by "
                        + "granted labels instead.");
            }
            if (!word.equals("by")) {
                return List.of();
            }
            at++;
            expect("(");
            List<String> labels = new ArrayList<>();
            labels.add(expect("IDENT").text());
            while (peekIs(",")) {
                at++;
                labels.add(expect("IDENT").text());
            }
            expect(")");
            return List.copyOf(labels);
        }

        LogRange logRange() {
            expect("{");
            List<Matcher> matchers = new ArrayList<>();
            do {
                if (peekIs(",")) {
                    at++;
                }
                String label = expect("IDENT").text();
                Token op = tokens.get(at++);
                if (!Set.of("=", "!=", "=~", "!~").contains(op.type())) {
                    throw new Refused("A stream matcher is label=\"value\" (or !=, =~, !~).");
                }
                matchers.add(new Matcher(label, op.type(), expect("STRING").text()));
            } while (peekIs(","));
            expect("}");
            List<Stage> pipeline = new ArrayList<>();
            while (!peekIs("[")) {
                pipeline.add(stage());
            }
            expect("[");
            String range = expect("NUMBER").text();
            if (!range.matches("[0-9]{1,6}(ms|s|m|h|d)")) {
                throw new Refused("A range is a duration such as [5m].");
            }
            expect("]");
            return new LogRange(List.copyOf(matchers), List.copyOf(pipeline), range);
        }

        Stage stage() {
            Token t = tokens.get(at++);
            switch (t.type()) {
                case "|=", "!=", "|~", "!~" -> {
                    return new Stage("filter", t.type() + " " + quote(expect("STRING").text()));
                }
                case "|" -> {
                    String word = expect("IDENT").text();
                    if (PARSERS.contains(word)) {
                        return new Stage("parser", "| " + word);
                    }
                    if (word.equals("unwrap")) {
                        return new Stage("unwrap", "| unwrap " + expect("IDENT").text());
                    }
                    Token op = tokens.get(at++);
                    if (!Set.of("=", "!=", "=~", "!~", "==", ">", "<", ">=", "<=").contains(op.type())) {
                        throw new Refused("'| " + word + "' is outside the subset Charter sends: line filters, json, "
                                + "logfmt, label filters and unwrap.");
                    }
                    Token value = tokens.get(at++);
                    if (value.type().equals("STRING")) {
                        return new Stage("label", "| " + word + " " + op.type() + " " + quote(value.text()));
                    }
                    if (value.type().equals("NUMBER") && value.text().matches("[0-9.]+(ms|s|m|h)?")) {
                        return new Stage("label", "| " + word + " " + op.type() + " " + value.text());
                    }
                    throw new Refused("A label filter compares with a string or a number.");
                }
                default -> throw new Refused("Expected a pipeline stage or a range such as [5m] after the stream selector.");
            }
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static double number(String s) {
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new Refused("'" + s + "' is not a number.");
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
