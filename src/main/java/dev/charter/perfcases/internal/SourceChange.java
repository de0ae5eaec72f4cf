package dev.charter.perfcases.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The repository's code a model may see for a case's fix (PRF-11): the culprit commit's diff and the files it
 * touched, as they are in the slow version, cut to fixed sizes. It holds only what the session read from the
 * repository the organization connected; there is no way to put anything else into it.
 *
 * @param files the touched files (path and content), in the order of the diff
 */
record SourceChange(String culprit, String subject, String diff, List<File> files) {

    /** The most of the diff the model sees. */
    static final int MAX_DIFF_CHARS = 24 * 1024;
    /** The most of all files' contents the model sees; a file past it is left out (its path says so). */
    static final int MAX_FILE_CHARS = 48 * 1024;

    record File(String path, String content, boolean cut) {}

    SourceChange {
        Objects.requireNonNull(culprit, "culprit");
        subject = subject == null ? "" : subject;
        diff = diff.length() > MAX_DIFF_CHARS ? diff.substring(0, MAX_DIFF_CHARS) : diff;
        List<File> kept = new ArrayList<>();
        int total = 0;
        for (File f : files) {
            if (total + f.content().length() <= MAX_FILE_CHARS) {
                kept.add(f);
                total += f.content().length();
            } else {
                kept.add(new File(f.path(), "", true));
            }
        }
        files = List.copyOf(kept);
    }
}
