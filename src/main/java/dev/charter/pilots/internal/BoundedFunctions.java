package dev.charter.pilots.internal;

import com.dashjoin.jsonata.BoundedJsonata;
import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;
import com.dashjoin.jsonata.Jsonata.JFunctionCallable;
import com.dashjoin.jsonata.Utils;
import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The built-in functions as an evaluation sees them. Each one first checks that the structures it is
 * given may be walked; the ones that build a string or an array from a size they are given ({@code $pad},
 * {@code $join}, {@code $string}, {@code $replace}, {@code $split}, {@code $match}, ...) are replaced by
 * versions that check the size before they build, and take regular expressions through RE2J. {@code $eval}
 * is refused: data never becomes an expression.
 */
final class BoundedFunctions {

    private static final Map<String, JFunction> BUILT_INS = BoundedJsonata.builtIns();
    /** Functions with a picture string, and the position of that argument. */
    private static final Map<String, Integer> PICTURES = Map.of(
            "formatNumber", 1, "formatInteger", 1, "parseInteger", 1, "fromMillis", 1, "toMillis", 1, "now", 0);

    /** Functions whose result may be several times longer than their text: checked before they encode. */
    private static final java.util.Set<String> ENCODERS = java.util.Set.of(
            "base64encode", "encodeUrl", "encodeUrlComponent");

    private BoundedFunctions() {}

    /** The bindings for one evaluation, checked by {@code guard}. */
    static Jsonata.Frame frame(BoundedJsonata expression, ExpressionGuard guard) {
        Jsonata.Frame frame = expression.createFrame();
        BUILT_INS.forEach((name, original) -> frame.bind(name, (Object) checked(name, original, guard)));
        replace(frame, "eval", (in, a) -> {
            throw new ExpressionGuard.LimitExceeded(Expressions.NO_EVAL);
        });
        replace(frame, "pad", (in, a) -> pad(guard, a));
        replace(frame, "join", (in, a) -> join(guard, a));
        replace(frame, "string", (in, a) -> string(guard, a));
        replace(frame, "clone", (in, a) -> {
            guard.checkChars(guard.textLength(arg(a, 0)));
            return Functions.functionClone(arg(a, 0));
        });
        replace(frame, "replace", (in, a) -> replace(guard, a));
        replace(frame, "split", (in, a) -> split(guard, a));
        replace(frame, "match", (in, a) -> match(guard, a));
        replace(frame, "contains", (in, a) -> contains(guard, a));
        return frame;
    }

    private static void replace(Jsonata.Frame frame, String name, JFunctionCallable body) {
        frame.bind(name, (Object) BoundedJsonata.sameSignature(BUILT_INS.get(name), body));
    }

    private static JFunction checked(String name, JFunction original, ExpressionGuard guard) {
        Integer picture = PICTURES.get(name);
        return BoundedJsonata.sameSignature(original, (input, args) -> {
            for (Object arg : args) {
                guard.checkValue(arg);
            }
            if (ENCODERS.contains(name) && arg(args, 0) instanceof String text) {
                guard.checkChars(encodedLength(name, text));
            }
            if (picture != null && arg(args, picture) instanceof String p && p.length() > Expressions.MAX_PICTURE) {
                guard.fail("the picture string of $" + name + " is longer than " + Expressions.MAX_PICTURE + " characters");
            }
            return original.call(input, args);
        });
    }

    /** At least the length of the encoded text: Base64 of its UTF-8 bytes, or each byte escaped as %XX. */
    static long encodedLength(String name, String text) {
        long bytes = 0;
        long unreserved = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-_.!~*'()".indexOf(c) >= 0)) {
                unreserved++;
            }
        }
        return "base64encode".equals(name) ? (bytes + 2) / 3 * 4 : unreserved + 3 * (bytes - unreserved);
    }

    static Object arg(List<?> args, int i) {
        return args != null && i < args.size() ? args.get(i) : null;
    }

    private static Object pad(ExpressionGuard guard, List<?> a) {
        if (!(arg(a, 0) instanceof String str) || !(arg(a, 1) instanceof Number w)) {
            return arg(a, 0);
        }
        double width = Math.abs(w.doubleValue());
        guard.checkChars(width > Long.MAX_VALUE ? Long.MAX_VALUE : (long) width);
        String with = arg(a, 2) instanceof String s && !s.isEmpty() ? s : " ";
        int pads = (int) width - str.codePointCount(0, str.length());
        if (pads <= 0) {
            return str;
        }
        StringBuilder padding = new StringBuilder();
        int added = 0;
        while (added < pads) {
            guard.tick();
            for (int i = 0; i < with.length() && added < pads; added++) {
                int cp = with.codePointAt(i);
                padding.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
        }
        return w.doubleValue() < 0 ? padding + str : str + padding;
    }

    private static Object join(ExpressionGuard guard, List<?> a) {
        Object strs = arg(a, 0);
        if (strs == null) {
            return null;
        }
        List<?> parts = strs instanceof List<?> l ? l : List.of(strs);
        String separator = arg(a, 1) instanceof String s ? s : "";
        long total = (long) separator.length() * Math.max(0, parts.size() - 1);
        List<String> texts = new ArrayList<>(parts.size());
        for (Object p : parts) {
            String text = String.valueOf(p);
            total += text.length();
            guard.checkChars(total);
            texts.add(text);
        }
        return String.join(separator, texts);
    }

    private static Object string(ExpressionGuard guard, List<?> a) {
        Object value = arg(a, 0);
        boolean prettify = Boolean.TRUE.equals(arg(a, 1));
        if (value == null || value instanceof String) {
            return value;
        }
        guard.checkChars(guard.textLength(value, prettify));
        return Functions.string(value, prettify);
    }

    private static Object contains(ExpressionGuard guard, List<?> a) {
        if (!(arg(a, 0) instanceof String str)) {
            return null;
        }
        Object token = arg(a, 1);
        if (token instanceof String s) {
            return str.contains(s);
        }
        return guard.matcher(regex(token), str).find();
    }

    private static Object match(ExpressionGuard guard, List<?> a) {
        if (!(arg(a, 0) instanceof String str)) {
            return null;
        }
        long limit = limit(arg(a, 2), "D3040");
        Matcher m = guard.matcher(regex(arg(a, 1)), str);
        List<Object> result = Utils.createSequence();
        while (result.size() < limit && m.find()) {
            guard.checkItems(result.size() + 1L);
            Map<String, Object> match = new LinkedHashMap<>();
            match.put("match", m.group());
            match.put("index", m.start());
            match.put("groups", Regexes.groups(m));
            result.add(match);
        }
        return result;
    }

    private static Object split(ExpressionGuard guard, List<?> a) {
        if (!(arg(a, 0) instanceof String str)) {
            return null;
        }
        long limit = limit(arg(a, 2), "D3020");
        List<String> parts = new ArrayList<>();
        Object separator = arg(a, 1);
        if (separator instanceof String sep && sep.isEmpty()) {
            for (int i = 0; i < str.length() && parts.size() < limit; i++) {
                guard.checkItems(parts.size() + 1L);
                parts.add(String.valueOf(str.charAt(i)));
            }
            return parts;
        }
        int at = 0;
        if (separator instanceof String sep) {
            for (int i = str.indexOf(sep); i >= 0 && parts.size() < limit; i = str.indexOf(sep, at)) {
                guard.checkItems(parts.size() + 1L);
                parts.add(str.substring(at, i));
                at = i + sep.length();
            }
        } else {
            Matcher m = guard.matcher(regex(separator), str);
            while (parts.size() < limit && m.find()) {
                if (m.start() == m.end() && (m.start() == 0 || m.start() == str.length())) {
                    continue;
                }
                guard.checkItems(parts.size() + 1L);
                parts.add(str.substring(at, m.start()));
                at = m.end();
            }
        }
        if (parts.size() < limit) {
            guard.checkItems(parts.size() + 1L);
            parts.add(str.substring(at));
        }
        return parts;
    }

    private static Object replace(ExpressionGuard guard, List<?> a) throws Throwable {
        if (!(arg(a, 0) instanceof String str)) {
            return null;
        }
        Object pattern = arg(a, 1);
        Object replacement = arg(a, 2);
        long limit = limit(arg(a, 3), "D3011");
        if (pattern instanceof String s && s.isEmpty()) {
            throw new JException("D3010", -1);
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        long done = 0;
        if (pattern instanceof String s) {
            for (int i = str.indexOf(s); i >= 0 && done < limit; i = str.indexOf(s, at), done++) {
                String with = replacement(guard, replacement, s, i, List.of());
                guard.checkChars((long) out.length() + (i - at) + with.length());
                out.append(str, at, i).append(with);
                at = i + s.length();
            }
        } else {
            Matcher m = guard.matcher(regex(pattern), str);
            while (done < limit && m.find()) {
                if (m.start() == m.end()) {
                    throw new JException("D1004", -1);
                }
                String with = replacement instanceof String r ? expand(r, m) :
                        replacement(guard, replacement, m.group(), m.start(), Regexes.groups(m));
                guard.checkChars((long) out.length() + (m.start() - at) + with.length());
                out.append(str, at, m.start()).append(with);
                at = m.end();
                done++;
            }
        }
        guard.checkChars((long) out.length() + (str.length() - at));
        return out.append(str, at, str.length()).toString();
    }

    private static String replacement(ExpressionGuard guard, Object replacement, String match, int index,
            List<String> groups) throws Throwable {
        guard.tick();
        if (replacement instanceof String r) {
            return r;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("match", match);
        m.put("index", index);
        m.put("groups", groups);
        Object result = Functions.funcApply(replacement, List.of(m));
        if (!(result instanceof String s)) {
            throw new JException("D3012", -1);
        }
        return s;
    }

    /** The replacement text with {@code $0}..{@code $n} as the groups and {@code $$} as a dollar sign. */
    static String expand(String replacement, Matcher m) {
        StringBuilder out = new StringBuilder();
        int groups = m.groupCount();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c != '$' || i + 1 >= replacement.length()) {
                out.append(c);
                continue;
            }
            char next = replacement.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i++;
                continue;
            }
            int end = i + 1;
            while (end < replacement.length() && Character.isDigit(replacement.charAt(end)) && end - i <= 9) {
                end++;
            }
            while (end > i + 1 && Integer.parseInt(replacement.substring(i + 1, end)) > groups) {
                end--;
            }
            if (end == i + 1) {
                out.append(c);
                continue;
            }
            String group = m.group(Integer.parseInt(replacement.substring(i + 1, end)));
            out.append(group == null ? "" : group);
            i = end - 1;
        }
        return out.toString();
    }

    private static Pattern regex(Object token) {
        if (token instanceof Pattern p) {
            return p;
        }
        throw new JException("A matcher must be a string or a regular expression such as /ab+c/i", -1);
    }

    private static long limit(Object limit, String negative) {
        if (limit == null) {
            return Long.MAX_VALUE;
        }
        if (!(limit instanceof Number n) || n.doubleValue() < 0) {
            throw new JException(negative, -1);
        }
        return n.longValue();
    }
}
