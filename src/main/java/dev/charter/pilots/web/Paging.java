package dev.charter.pilots.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a page of a longer list starts and ends, for "n–m of N" and Previous/Next links. Pages are numbered
 * from 1; a page number that is not a positive number is page 1, and one past the end is the last page, so a
 * bookmarked or hand-edited address never fails.
 */
record Paging(int page, int size, long total) {

    /** The statuses a run can have, as written in addresses. */
    static final List<String> RUN_STATUSES = List.of("queued", "running", "succeeded", "failed", "stopped");

    static int requested(String page) {
        if (page == null || !page.strip().matches("\\d{1,6}")) {
            return 1;
        }
        return Math.max(Integer.parseInt(page.strip()), 1);
    }

    /** The page to show of {@code total} rows, {@code size} a page: the requested one, or the last if it is past the end. */
    static Paging of(int requested, int size, long total) {
        int last = (int) Math.max(1, (total + size - 1) / size);
        return new Paging(Math.min(requested, last), size, total);
    }

    /** A run status from an address ({@code failed}), as stored ({@code FAILED}); empty if it is none. */
    static Optional<String> runStatus(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return RUN_STATUSES.contains(v) ? Optional.of(v.toUpperCase(Locale.ROOT)) : Optional.empty();
    }

    public int offset() {
        return (page - 1) * size;
    }

    public long from() {
        return total == 0 ? 0 : offset() + 1L;
    }

    public long to() {
        return Math.min(total, (long) page * size);
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return to() < total;
    }
}
