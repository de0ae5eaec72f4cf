package dev.charter.egress.internal.dlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the secret detectors over outbound text and returns non-overlapping findings in text order. Where findings
 * overlap, the more specific detector wins (a GitHub token over "a secret in an assignment"), then the longer one.
 * Text is scanned as ISO-8859-1, so any byte sequence maps to characters one to one and a replacement leaves every
 * other byte exactly as it was.
 */
public final class DlpScanner {

    private final List<Detector> detectors;

    public DlpScanner(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    /** The scanner with every pattern of {@link SecretPatterns}. */
    public static DlpScanner withSecretPatterns() {
        return new DlpScanner(SecretPatterns.all());
    }

    /**
     * Findings in {@code text}.
     *
     * @param extra further detectors for this scan only, such as the organization's stored credentials
     */
    public List<Finding> scan(String text, List<? extends Detector> extra) {
        if (text.isEmpty()) {
            return List.of();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        List<Finding> all = new ArrayList<>();
        for (Detector d : detectors) {
            d.find(text, lower, all);
        }
        for (Detector d : extra) {
            d.find(text, lower, all);
        }
        return resolveOverlaps(all);
    }

    public List<Finding> scan(String text) {
        return scan(text, List.of());
    }

    static List<Finding> resolveOverlaps(List<Finding> all) {
        if (all.size() < 2) {
            return List.copyOf(all);
        }
        List<Finding> byStrength = new ArrayList<>(all);
        byStrength.sort(Comparator.comparingInt(Finding::priority).reversed()
                .thenComparing(Comparator.comparingInt(Finding::length).reversed())
                .thenComparingInt(Finding::start));
        TreeMap<Integer, Finding> kept = new TreeMap<>();
        for (Finding f : byStrength) {
            Map.Entry<Integer, Finding> before = kept.floorEntry(f.start());
            Map.Entry<Integer, Finding> after = kept.ceilingEntry(f.start());
            if ((before == null || !before.getValue().overlaps(f)) && (after == null || !after.getValue().overlaps(f))) {
                kept.put(f.start(), f);
            }
        }
        return List.copyOf(kept.values());
    }
}
