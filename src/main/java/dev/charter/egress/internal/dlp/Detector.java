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
}
