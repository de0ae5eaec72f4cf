package dev.charter.egress.internal.dlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The labelled corpus under {@code src/test/resources/dlp-corpus/} and how the detector scores on it. */
public final class DlpCorpus {

    /** One sample; {@code secret} is the planted secret for positives, null for negatives. */
    public record Sample(String id, String kind, String text, String secret) {
        boolean positive() {
            return secret != null;
        }
    }

    /** How the scanner did: a positive counts only if a finding covers its whole secret. */
    public record Score(int truePositives, int falseNegatives, int falsePositives, int trueNegatives,
                        List<String> missed, List<String> falseAlarms) {
        public double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        public double recall() {
            return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
        }
    }

    private DlpCorpus() {}

    public static List<Sample> load() {
        List<Sample> all = new ArrayList<>(read("positives.jsonl"));
        all.addAll(read("negatives.jsonl"));
        return all;
    }

    public static Score score(DlpScanner scanner, List<Sample> samples) {
        int tp = 0;
        int fn = 0;
        int fp = 0;
        int tn = 0;
        List<String> missed = new ArrayList<>();
        List<String> alarms = new ArrayList<>();
        for (Sample s : samples) {
            List<Finding> found = scanner.scan(s.text());
            if (s.positive()) {
                int at = s.text().indexOf(s.secret());
                boolean covered = found.stream().anyMatch(f -> f.start() <= at && f.end() >= at + s.secret().length());
                if (covered) {
                    tp++;
                } else {
                    fn++;
                    missed.add(s.id() + " (" + s.kind() + ")");
                }
            } else if (found.isEmpty()) {
                tn++;
            } else {
                fp++;
                alarms.add(s.id() + " (" + s.kind() + " taken for " + found.get(0).kind() + ")");
            }
        }
        return new Score(tp, fn, fp, tn, missed, alarms);
    }

    private static List<Sample> read(String name) {
        JsonMapper json = JsonMapper.builder().build();
        List<Sample> out = new ArrayList<>();
        try (InputStream in = DlpCorpus.class.getResourceAsStream("/dlp-corpus/" + name)) {
            if (in == null) {
                throw new IllegalStateException("corpus file " + name + " is missing");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    Map<String, String> m = json.readValue(line, new TypeReference<Map<String, String>>() {});
                    out.add(new Sample(m.get("id"), m.get("kind"), m.get("text"), m.get("secret")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
