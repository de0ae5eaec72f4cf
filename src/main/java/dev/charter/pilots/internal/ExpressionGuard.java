package dev.charter.pilots.internal;

import com.dashjoin.jsonata.BoundedJsonata;
import com.dashjoin.jsonata.Jsonata;
import com.google.re2j.Matcher;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The limits of one evaluation: its deadline, its depth, and the sizes of what it builds. Every check
 * costs at most a bounded amount of work, and the deadline is checked between pieces of work, so an
 * evaluation stops at its time limit whatever it is doing. Once a limit is broken the evaluation cannot
 * go on, even if the evaluator swallowed the first failure.
 */
final class ExpressionGuard implements BoundedJsonata.Guard {

    private final long timeoutMillis;
    private final long deadline;
    private final Map<Pattern, com.google.re2j.Pattern> regexes = new IdentityHashMap<>();
    private int depth;
    private int ticks;
    private LimitExceeded failure;

    ExpressionGuard(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    }

    /** The limit this evaluation broke, if any; its message is the one the user sees. */
    LimitExceeded failure() {
        return failure;
    }

    @Override
    public void enter() {
        stopIfFailed();
        if (++depth > Expressions.MAX_DEPTH) {
            fail("it nests or recurses more than " + Expressions.MAX_DEPTH + " levels deep");
        }
        checkTime();
    }

    @Override
    public void leave() {
        depth--;
    }

    @Override
    public void produced(Object value) {
        stopIfFailed();
        checkTime();
        if (value instanceof String s) {
            checkChars(s.length());
        } else if (value instanceof List<?> l) {
            checkItems(l.size());
        } else if (value instanceof Map<?, ?> m) {
            checkItems(m.size());
        }
    }

    @Override
    public void tick() {
        stopIfFailed();
        if ((++ticks & 0xFF) == 0) {
            checkTime();
        }
    }

    void checkTime() {
        if (System.nanoTime() - deadline > 0) {
            fail("it ran longer than " + timeoutMillis + " ms");
        }
        if (Thread.currentThread().isInterrupted()) {
            fail("it was stopped");
        }
    }

    @Override
    public void checkItems(long items) {
        if (items > Expressions.MAX_ITEMS) {
            fail("an array or object would have more than " + count(Expressions.MAX_ITEMS) + " items");
        }
    }

    @Override
    public void checkChars(long chars) {
        if (chars > Expressions.MAX_CHARS) {
            fail("a string would be longer than " + count(Expressions.MAX_CHARS) + " characters");
        }
    }

    @Override
    public void checkValue(Object value) {
        if (value instanceof List || value instanceof Map) {
            if (new Measure(this, false, false, Expressions.MAX_VALUE_CHARS).of(value) > Expressions.MAX_VALUE_CHARS) {
                fail("a value it works on would be larger than " + count(Expressions.MAX_VALUE_CHARS)
                        + " characters as JSON");
            }
        }
    }

    @Override
    public long textLength(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String s) {
            return s.length();
        }
        return new Measure(this, true, false, Expressions.MAX_CHARS).of(value);
    }

    /** Length of {@code $string(value, prettify)}, or more than the string limit. */
    long textLength(Object value, boolean prettify) {
        if (value instanceof String s) {
            return s.length();
        }
        return new Measure(this, true, prettify, Expressions.MAX_CHARS).of(value);
    }

    /** Fails unless the result, as JSON, fits {@link Expressions#MAX_RESULT_CHARS}. */
    void checkResult(Object value) {
        if (new Measure(this, true, false, Expressions.MAX_RESULT_CHARS).of(value) > Expressions.MAX_RESULT_CHARS) {
            fail("its result would be larger than " + count(Expressions.MAX_RESULT_CHARS) + " characters as JSON");
        }
    }

    /** The regular expression literal, as a linear-time RE2 pattern. */
    com.google.re2j.Pattern regex(Pattern literal) {
        var compiled = regexes.get(literal);
        if (compiled == null) {
            compiled = Regexes.compile(literal);
            regexes.put(literal, compiled);
        }
        return compiled;
    }

    /** A matcher that checks the deadline while the regular expression reads the text. */
    Matcher matcher(Pattern literal, String text) {
        return regex(literal).matcher(new Regexes.Timed(text, this));
    }

    @Override
    public Object applyRegex(Pattern regex, Object text) {
        if (!(text instanceof String s)) {
            return null;
        }
        return Regexes.closure(matcher(regex, s), this);
    }

    void fail(String why) {
        if (failure == null) {
            failure = new LimitExceeded("The expression was stopped: " + why + ".");
        }
        throw failure;
    }

    private void stopIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    static String count(long n) {
        return NumberFormat.getIntegerInstance(Locale.ROOT).format(n);
    }

    /** A copy of the result as plain JSON data: JSONata's null as null, functions left out. */
    static Object plain(Object value) {
        if (value == Jsonata.NULL_VALUE) {
            return null;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object o : l) {
                copy.add(isFunction(o) ? null : plain(o));
            }
            return copy;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (!isFunction(v)) {
                    copy.put(String.valueOf(k), plain(v));
                }
            });
            return copy;
        }
        return isFunction(value) ? null : value;
    }

    static boolean isFunction(Object o) {
        return o != null && !(o instanceof String || o instanceof Number || o instanceof Boolean
                || o instanceof List || o instanceof Map || o == Jsonata.NULL_VALUE);
    }

    /** A limit was broken; the message is for the user and names the limit. */
    static final class LimitExceeded extends RuntimeException {
        LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Characters a value has as JSON text, counting a part each time it appears, stopping as soon as the
     * count passes the limit: the work is bounded by the limit, not by the value.
     */
    private static final class Measure {
        private final ExpressionGuard guard;
        private final boolean exactStrings;
        private final boolean prettify;
        private final long limit;
        private long total;

        Measure(ExpressionGuard guard, boolean exactStrings, boolean prettify, long limit) {
            this.guard = guard;
            this.exactStrings = exactStrings;
            this.prettify = prettify;
            this.limit = limit;
        }

        long of(Object value) {
            add(value, 0);
            return total;
        }

        private static int digits(long n) {
            int d = 1;
            while (n >= 10) {
                n /= 10;
                d++;
            }
            return d;
        }

        private boolean over() {
            return total > limit;
        }

        private void add(Object v, int nesting) {
            guard.tick();
            if (nesting > Expressions.MAX_NESTING) {
                guard.fail("a value would be nested more than " + Expressions.MAX_NESTING + " levels deep");
            }
            if (prettify) {
                total += 2L * nesting + 1;
            }
            if (v instanceof String s) {
                total += 2 + s.length();
                if (exactStrings && !over()) {
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        if (c < 0x20 || c == '"' || c == '\\') {
                            total += 5;
                        }
                    }
                }
            } else if (v instanceof List<?> l) {
                total += 2 + l.size();
                for (Object o : l) {
                    if (over()) {
                        return;
                    }
                    add(o, nesting + 1);
                }
            } else if (v instanceof Map<?, ?> m) {
                total += 2 + 2L * m.size();
                for (var e : m.entrySet()) {
                    if (over()) {
                        return;
                    }
                    add(String.valueOf(e.getKey()), nesting + 1);
                    add(e.getValue(), nesting + 1);
                }
            } else if (v instanceof Long || v instanceof Integer) {
                long n = ((Number) v).longValue();
                total += n < 0 ? 1 + digits(-n) : digits(n);
            } else if (v instanceof Number) {
                total += 24;
            } else {
                total += 5;
            }
        }
    }
}
