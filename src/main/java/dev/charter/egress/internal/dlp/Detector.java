package dev.charter.egress.internal.dlp;

import java.util.List;

/** Finds secrets of one kind in text. Implementations run in time linear in the text's length. */
public interface Detector {

    /**
     * Adds the findings in {@code text} to {@code out}.
     *
     * @param lower {@code text} in lower case (ASCII), for cheap keyword pre-checks
     */
    void find(String text, String lower, List<Finding> out);

    /** Like {@link #find(String, String, List)}, with where the anchors of the scanner's detectors occur. */
    default void find(String text, String lower, Scan scan, List<Finding> out) {
        find(text, lower, out);
    }

    /** One text's anchor positions, in lower case and as written; built once per text for all detectors. */
    record Scan(AnchorIndex lower, AnchorIndex exact) {}
}
