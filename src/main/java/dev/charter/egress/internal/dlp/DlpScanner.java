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
 * other byte exactly as it was. Besides the text as it is, its {@link DecodedViews decoded views} are scanned (JSON
 * string escapes, percent-encoding, quoted-printable, base64); a finding there is reported at the span of the text
 * that encodes it, so replacing that span removes the secret from the bytes that actually go out.
 */
public final class DlpScanner {

    private final List<Detector> detectors;
    private final AnchorIndex.Anchors lowerAnchors;
    private final AnchorIndex.Anchors exactAnchors;

    public DlpScanner(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
        List<String> lower = new ArrayList<>();
        List<String> exact = new ArrayList<>();
        for (Detector d : detectors) {
            if (d instanceof PatternDetector p) {
                (p.exactCase() ? exact : lower).addAll(p.anchors());
            } else if (d instanceof AssignmentDetector) {
                lower.addAll(AssignmentDetector.anchors());
            }
        }
        this.lowerAnchors = new AnchorIndex.Anchors(lower);
        this.exactAnchors = new AnchorIndex.Anchors(exact);
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
        run(text, lower, extra, all);
        for (DecodedViews.View view : DecodedViews.of(text, lower)) {
            List<Finding> inView = new ArrayList<>();
            run(view.text(), view.text().toLowerCase(Locale.ROOT), extra, inView);
            for (Finding f : inView) {
                int[] span = view.original(f.start(), f.end());
                all.add(new Finding(f.kind(), f.label(), span[0], span[1], f.priority(), f.credential()));
            }
        }
        return resolveOverlaps(all);
    }

    private void run(String text, String lower, List<? extends Detector> extra, List<Finding> out) {
        Detector.Scan scan = new Detector.Scan(lowerAnchors.index(lower), exactAnchors.index(text));
        for (Detector d : detectors) {
            d.find(text, lower, scan, out);
        }
        for (Detector d : extra) {
            d.find(text, lower, out);
        }
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
