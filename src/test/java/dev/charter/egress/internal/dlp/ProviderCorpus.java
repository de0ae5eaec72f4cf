package dev.charter.egress.internal.dlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The provider-format corpus under {@code src/test/resources/dlp-provider-corpus/}, and scores on it. */
public final class ProviderCorpus {

    static final String DIR = "/dlp-provider-corpus/";

    /**
     * One sample; {@code secret} is the planted credential for positives (null for negatives) and {@code covers} the
     * part of {@code text} that carries it once encoded, which a finding must cover.
     */
    public record Sample(String id, String kind, String carrier, String text, String secret, String covers) {
        public boolean positive() {
            return secret != null;
        }
    }

    private ProviderCorpus() {}

    public static List<Sample> load() {
        List<Sample> all = new ArrayList<>(read("positives.jsonl"));
        all.addAll(read("negatives.jsonl"));
        return all;
    }

    /** The scanner on each sample's text: a positive counts when a finding covers its encoded secret. */
    public static DlpCorpus.Score score(DlpScanner scanner, List<Sample> samples) {
        return score(samples, s -> {
            List<Finding> found = scanner.scan(s.text());
            if (!s.positive()) {
                return !found.isEmpty();
            }
            int at = s.text().indexOf(s.covers());
            return found.stream().anyMatch(f -> f.start() <= at && f.end() >= at + s.covers().length());
        });
    }

    /** Scores any path: {@code caught} says whether the path stopped (or, for a negative, wrongly stopped) the sample. */
    public static DlpCorpus.Score score(List<Sample> samples, Predicate<Sample> caught) {
        int tp = 0;
        int fn = 0;
        int fp = 0;
        int tn = 0;
        List<String> missed = new ArrayList<>();
        List<String> alarms = new ArrayList<>();
        for (Sample s : samples) {
            boolean hit = caught.test(s);
            if (s.positive() && hit) {
                tp++;
            } else if (s.positive()) {
                fn++;
                missed.add(s.id() + " (" + s.kind() + " in " + s.carrier() + ")");
            } else if (hit) {
                fp++;
                alarms.add(s.id() + " (" + s.kind() + " in " + s.carrier() + ")");
            } else {
                tn++;
            }
        }
        return new DlpCorpus.Score(tp, fn, fp, tn, missed, alarms);
    }

    static String raw(String name) {
        try (InputStream in = ProviderCorpus.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("corpus file " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Sample> read(String name) {
        JsonMapper json = JsonMapper.builder().build();
        List<Sample> out = new ArrayList<>();
        for (String line : raw(name).split("\n")) {
            if (!line.isBlank()) {
                Map<String, String> m = json.readValue(line, new TypeReference<Map<String, String>>() {});
                out.add(new Sample(m.get("id"), m.get("kind"), m.get("carrier"), m.get("text"), m.get("secret"), m.get("covers")));
            }
        }
        return out;
    }
}
