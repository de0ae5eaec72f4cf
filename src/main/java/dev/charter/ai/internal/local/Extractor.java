package dev.charter.ai.internal.local;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.charter.ai.AiTask;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field extraction: e-mail addresses, URLs, phone numbers, money amounts with their currency and dates (ISO and
 * common formats), each in order of appearance without duplicates. Patterns are RE2 (linear time on any input).
 */
final class Extractor {

    static final List<String> FIELDS = List.of("emails", "urls", "phones", "amounts", "dates");

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}");
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>\"'`{}|\\\\^\\[\\]]+");
    private static final String AMOUNT = "(\\d{1,3}(?:[,.' ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?)";
    private static final String CODES = "USD|EUR|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|INR|CNY|BRL|MXN|ZAR|SGD|HKD";
    private static final Pattern MONEY_SYMBOL = Pattern.compile("([$€£¥₹])\\s?" + AMOUNT);
    private static final Pattern MONEY_CODE_BEFORE = Pattern.compile("\\b(" + CODES + ")\\s?" + AMOUNT);
    private static final Pattern MONEY_CODE_AFTER = Pattern.compile(AMOUNT + "\\s?(" + CODES + "|dollars?|euros?|pounds?)\\b");
    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?");
    private static final Pattern DOT_DATE = Pattern.compile("\\b(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})\\b");
    private static final Pattern SLASH_DATE = Pattern.compile("\\b(\\d{1,2})/(\\d{1,2})/(\\d{4})\\b");
    private static final String MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
            + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
    private static final Pattern DAY_MONTH = Pattern.compile("(?i)\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(" + MONTHS + ")\\.?,?\\s+(\\d{4})\\b");
    private static final Pattern MONTH_DAY = Pattern.compile("(?i)\\b(" + MONTHS + ")\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b");
    private static final Pattern PHONE = Pattern.compile("(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,5}\\)[ .-]?)?\\d{1,10}(?:[ .-]\\d{1,10}){0,5}");

    private static final Map<String, Pattern> ASKED = asked();

    private static final Map<String, String> SYMBOLS = Map.of("$", "USD", "€", "EUR", "£", "GBP", "¥", "JPY", "₹", "INR");

    private record Span(int start, int end) {
        boolean overlaps(Span o) {
            return start < o.end && o.start < end;
        }
    }

    private Extractor() {}

    private static Map<String, Pattern> asked() {
        Map<String, Pattern> m = new java.util.LinkedHashMap<>();
        m.put("emails", Pattern.compile("(?i)\\be-?mails?\\b|\\be-?mail addresses\\b"));
        m.put("urls", Pattern.compile("(?i)\\b(?:urls?|links?|websites?|web addresses)\\b"));
        m.put("phones", Pattern.compile("(?i)\\b(?:phones?|telephones?|mobile numbers?)\\b"));
        m.put("amounts", Pattern.compile("(?i)\\b(?:amounts?|money|prices?|costs?|totals?|sums?|currency|currencies)\\b"));
        m.put("dates", Pattern.compile("(?i)\\b(?:dates?|deadlines?)\\b"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** {@code url} without the punctuation that ends the sentence around it. */
    private static String trimUrl(String url) {
        int end = url.length();
        while (end > 0 && ".,;:!?)]".indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }

    /** The fields the instruction asks for ("extract the e-mail addresses and dates"), or all of them. */
    static List<String> requested(String instruction) {
        List<String> out = new ArrayList<>();
        ASKED.forEach((field, pattern) -> {
            if (pattern.matcher(instruction).find()) {
                out.add(field);
            }
        });
        return out.isEmpty() ? FIELDS : out;
    }

    static LocalAnswer extract(String instruction, String text) {
        List<String> fields = requested(instruction);
        List<Span> taken = new ArrayList<>();
        ObjectNode json = LocalAnswer.base("extract");
        // URLs and e-mails first: their digits are not phone numbers, their dots are not amounts
        Set<String> urls = new LinkedHashSet<>();
        Matcher m = URL.matcher(text);
        while (m.find()) {
            String url = trimUrl(m.group());
            taken.add(new Span(m.start(), m.start() + url.length()));
            urls.add(url);
        }
        Set<String> emails = new LinkedHashSet<>();
        m = EMAIL.matcher(text);
        while (m.find()) {
            taken.add(new Span(m.start(), m.end()));
            emails.add(m.group().toLowerCase(Locale.ROOT));
        }
        ArrayNode dates = json.arrayNode();
        Set<String> seenDates = new LinkedHashSet<>();
        dates(text, taken, dates, seenDates);
        ArrayNode amounts = json.arrayNode();
        amounts(text, taken, amounts);
        ArrayNode phones = json.arrayNode();
        phones(text, taken, phones);

        for (String f : fields) {
            switch (f) {
                case "emails" -> emails.forEach(json.putArray("emails")::add);
                case "urls" -> urls.forEach(json.putArray("urls")::add);
                case "phones" -> json.set("phones", phones);
                case "amounts" -> json.set("amounts", amounts);
                default -> json.set("dates", dates);
            }
        }
        ObjectNode shown = json.deepCopy();
        shown.remove("task");
        shown.remove("producedLocally");
        return new LocalAnswer(AiTask.EXTRACT, shown.toString(), json);
    }

    private static void dates(String text, List<Span> taken, ArrayNode out, Set<String> seen) {
        List<Object[]> found = new ArrayList<>();
        for (Pattern p : List.of(ISO_DATE, DOT_DATE, SLASH_DATE, DAY_MONTH, MONTH_DAY)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                Span span = new Span(m.start(), m.end());
                if (taken.stream().anyMatch(span::overlaps)) {
                    continue;
                }
                LocalDate date = date(p, m);
                if (date != null) {
                    taken.add(span);
                    found.add(new Object[] {span.start, m.group(), date});
                }
            }
        }
        found.sort((a, b) -> Integer.compare((int) a[0], (int) b[0]));
        for (Object[] f : found) {
            if (seen.add(f[1] + "|" + f[2])) {
                ObjectNode d = out.addObject();
                d.put("text", (String) f[1]);
                d.put("date", f[2].toString());
            }
        }
    }

    private static LocalDate date(Pattern p, Matcher m) {
        try {
            if (p == ISO_DATE) {
                return LocalDate.of(i(m.group(1)), i(m.group(2)), i(m.group(3)));
            }
            if (p == DOT_DATE) {
                return LocalDate.of(i(m.group(3)), i(m.group(2)), i(m.group(1)));
            }
            if (p == SLASH_DATE) {
                int a = i(m.group(1));
                int b = i(m.group(2));
                // month/day/year, unless the first number cannot be a month
                return a > 12 ? LocalDate.of(i(m.group(3)), b, a) : LocalDate.of(i(m.group(3)), a, b);
            }
            if (p == DAY_MONTH) {
                return LocalDate.of(i(m.group(3)), month(m.group(2)), i(m.group(1)));
            }
            return LocalDate.of(i(m.group(3)), month(m.group(1)), i(m.group(2)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int month(String name) {
        String n = name.toLowerCase(Locale.ROOT).substring(0, 3);
        return List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec").indexOf(n) + 1;
    }

    private static int i(String s) {
        return Integer.parseInt(s);
    }

    private static void amounts(String text, List<Span> taken, ArrayNode out) {
        List<Object[]> found = new ArrayList<>();
        for (Pattern p : List.of(MONEY_SYMBOL, MONEY_CODE_BEFORE, MONEY_CODE_AFTER)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                Span span = new Span(m.start(), m.end());
                if (taken.stream().anyMatch(span::overlaps)) {
                    continue;
                }
                String currency;
                String amount;
                if (p == MONEY_CODE_AFTER) {
                    amount = m.group(1);
                    currency = currency(m.group(2));
                } else {
                    currency = p == MONEY_SYMBOL ? SYMBOLS.get(m.group(1)) : m.group(1);
                    amount = m.group(2);
                }
                BigDecimal value = number(amount);
                if (value != null) {
                    taken.add(span);
                    found.add(new Object[] {span.start, m.group(), value, currency});
                }
            }
        }
        found.sort((a, b) -> Integer.compare((int) a[0], (int) b[0]));
        for (Object[] f : found) {
            ObjectNode a = out.addObject();
            a.put("text", (String) f[1]);
            a.put("amount", ((BigDecimal) f[2]).toPlainString());
            a.put("currency", (String) f[3]);
        }
    }

    private static String currency(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.startsWith("dollar")) {
            return "USD";
        }
        if (w.startsWith("euro")) {
            return "EUR";
        }
        if (w.startsWith("pound")) {
            return "GBP";
        }
        return word.toUpperCase(Locale.ROOT);
    }

    /**
     * The amount as a number: with both separators, the last one is the decimal mark; a lone separator followed by
     * exactly three digits groups thousands, otherwise it is the decimal mark.
     */
    static BigDecimal number(String raw) {
        String s = raw.replace("'", "").replace(" ", "");
        int dot = s.lastIndexOf('.');
        int comma = s.lastIndexOf(',');
        String normalized;
        if (dot >= 0 && comma >= 0) {
            char decimal = dot > comma ? '.' : ',';
            char group = decimal == '.' ? ',' : '.';
            normalized = s.replace(String.valueOf(group), "").replace(decimal, '.');
        } else if (dot >= 0 || comma >= 0) {
            char sep = dot >= 0 ? '.' : ',';
            int last = Math.max(dot, comma);
            boolean grouping = s.length() - last - 1 == 3 || s.indexOf(sep) != last;
            normalized = grouping ? s.replace(String.valueOf(sep), "") : s.replace(sep, '.');
        } else {
            normalized = s;
        }
        try {
            return new BigDecimal(normalized);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void phones(String text, List<Span> taken, ArrayNode out) {
        Set<String> seen = new LinkedHashSet<>();
        Matcher m = PHONE.matcher(text);
        while (m.find()) {
            String candidate = m.group().strip();
            Span span = new Span(m.start(), m.end());
            if (taken.stream().anyMatch(span::overlaps)) {
                continue;
            }
            String digits = candidate.replaceAll("\\D", "");
            boolean plus = candidate.startsWith("+");
            boolean parens = candidate.contains("(");
            boolean separated = candidate.matches(".*\\d[ .-]\\d.*");
            boolean plausible = digits.length() >= 7 && digits.length() <= 15
                    && (plus || parens || (separated && digits.length() >= 10) || candidate.matches("\\d{3}[.-]\\d{4}"));
            if (plausible && seen.add(digits)) {
                ObjectNode p = out.addObject();
                p.put("text", candidate);
                p.put("number", (plus ? "+" : "") + digits);
            }
        }
    }
}
