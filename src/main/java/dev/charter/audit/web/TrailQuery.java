package dev.charter.audit.web;

import dev.charter.audit.internal.AuditRepository;
import dev.charter.shared.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The filters of the audit trail as they arrive from a page or the API, checked whole: an action
 * prefix, a date range (UTC days, or instants; {@code to} is inclusive for a day) and a page.
 */
record TrailQuery(String action, String from, String to, int page, AuditRepository.Filter filter) {

    static final int PAGE_SIZE = 50;
    static final int MAX_PAGE = 10_000;
    private static final Pattern ACTION = Pattern.compile("[a-z0-9.\\-]{0,100}");

    static TrailQuery parse(String action, String from, String to, Integer page) {
        Map<String, String> errors = new LinkedHashMap<>();
        String a = blankToNull(action);
        if (a != null && !ACTION.matcher(a).matches()) {
            errors.put("action", "Use the start of an action name: lower-case letters, digits, dots and dashes, "
                    + "for example identity.signin.");
        }
        Instant f = time(from, false, "from", errors);
        Instant t = time(to, true, "to", errors);
        if (f != null && t != null && !f.isBefore(t)) {
            errors.put("to", "The end of the period must be after its start.");
        }
        int p = page == null ? 0 : page;
        if (p < 0 || p > MAX_PAGE) {
            errors.put("page", "Pages are numbered from 0 to " + MAX_PAGE + ".");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new TrailQuery(a, blankToNull(from), blankToNull(to), p, new AuditRepository.Filter(a, f, t));
    }

    /** A day (yyyy-MM-dd, UTC) or an instant; the end of a day range is the next midnight. */
    private static Instant time(String value, boolean end, String field, Map<String, String> errors) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            errors.put(field, "Use a date like 2025-01-31 (UTC) or an instant like 2025-01-31T12:00:00Z.");
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
