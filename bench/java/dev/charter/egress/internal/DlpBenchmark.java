package dev.charter.egress.internal;

import dev.charter.bench.BenchmarksFile;

import dev.charter.egress.DlpAction;
import dev.charter.egress.internal.dlp.CredentialFingerprints;
import dev.charter.egress.internal.dlp.DlpCorpus;
import dev.charter.egress.internal.dlp.DlpScanner;
import dev.charter.egress.internal.dlp.ExactMatchDetector;
import dev.charter.egress.internal.dlp.ProviderCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Outbound DLP benchmark: precision and recall on the provider-format corpus, for the scanner and end to end per
 * path (an HTTP JSON body and an AI request body through the egress gateway, an email through the mail gateway to
 * GreenMail), and on the first corpus; and scanning throughput on realistic bodies (corpus texts mixed, as 64 KiB
 * and 1 MiB bodies, and generated JSON records), with the secret patterns alone and with an organization's 50
 * stored credentials matched by keyed fingerprints as well. Writes the figures to the section "Egress DLP" of
 * BENCHMARKS.md. Tagged {@code bench}, so the normal build skips it:
 * {@code ./mvnw -q test -Pbench -Dtest=DlpBenchmark}
 */
@Tag("bench")
class DlpBenchmark {

    static final String COMMAND = "./mvnw -q test -Pbench -Dtest=DlpBenchmark";

    @Test
    void measureAndRecord() throws IOException {
        List<ProviderCorpus.Sample> provider = ProviderCorpus.load();
        List<DlpCorpus.Sample> first = DlpCorpus.load();
        DlpScanner scanner = DlpScanner.withSecretPatterns();
        DlpCorpus.Score scan = ProviderCorpus.score(scanner, provider);
        DlpCorpus.Score firstScore = DlpCorpus.score(scanner, first);
        Map<String, DlpCorpus.Score> paths;
        try (DlpPaths p = new DlpPaths(DlpAction.BLOCK)) {
            paths = p.scoreAll(provider);
        }

        List<String> texts = new java.util.ArrayList<>();
        first.forEach(s -> texts.add(s.text()));
        provider.forEach(s -> texts.add(s.text()));
        String mixed = mixedText(texts, 2 * 1024 * 1024);
        CredentialFingerprints stored = fiftyStoredCredentials();
        List<ExactMatchDetector> exact = List.of(new ExactMatchDetector(stored, null));

        String records = jsonRecords(8 * 1024 * 1024);
        double corpusSmall = throughput(scanner, mixed, 64 * 1024, List.of());
        double corpusSmallExact = throughput(scanner, mixed, 64 * 1024, exact);
        double corpusLargeExact = throughput(scanner, mixed, 1024 * 1024, exact);
        double jsonSmall = throughput(scanner, records, 64 * 1024, List.of());
        double jsonSmallExact = throughput(scanner, records, 64 * 1024, exact);

        StringBuilder rows = new StringBuilder();
        rows.append(row("scanner alone, on each sample's text", scan));
        paths.forEach((path, score) -> rows.append(row(path + " through the gateway, DLP blocking", score)));
        String section = """
                ## Egress DLP

                Outbound secret detection (`dev.charter.egress.internal.dlp`): RE2J patterns for the credential formats
                providers document, JWTs, private keys, authorization values, URLs with a password, high-entropy
                assignments, and exact matching of stored credentials by keyed fingerprints; over the bytes and their
                decoded forms (JSON escapes, percent-encoding, quoted-printable, base64).

                Provider-format corpus (`src/test/resources/dlp-provider-corpus/`, seeded `ProviderCorpusGenerator`):
                %d FAKE credentials of %d documented formats in realistic carriers (JSON bodies with escapes, JSON in JSON,
                Slack messages, form, multipart and query strings, emails plain, quoted-printable, base64 and with an
                encoded-word subject, log lines, env and YAML files, curl commands, base64 values), %d hard negatives in
                the same carriers (UUIDs, hashes, git SHAs, base64 images, placeholders in each provider's format,
                publishable keys and object ids, test card numbers, prose about passwords, URLs without a password).
                A positive counts when the path refuses it (for the scanner alone: when a finding covers the encoded
                secret), a negative when it is refused.

                | measure | precision | recall |
                |---|---|---|
                %s| first corpus (%d positives, %d negatives, written with the detectors), scanner alone | %.3f | %.3f |

                | throughput | value |
                |---|---|
                | corpus mix, patterns, 64 KiB bodies | %.1f MB/s |
                | corpus mix, patterns + 50 stored credentials, 64 KiB bodies | %.1f MB/s |
                | corpus mix, patterns + 50 stored credentials, 1 MiB bodies | %.1f MB/s |
                | JSON API records, patterns, 64 KiB bodies | %.1f MB/s |
                | JSON API records, patterns + 50 stored credentials, 64 KiB bodies | %.1f MB/s |

                Texts scanned, one thread, after warm-up, MB = 10^6 bytes: "corpus mix" (2 MiB) is both corpora's
                samples joined at random, dense with secrets, look-alikes and encoded text (a worst case for the
                keyword-anchored detectors and the decoded views); "JSON API records" (8 MiB) are generated records (ids,
                names, e-mail addresses, timestamps, prose) like the bodies workflow steps send. The provider-format
                corpus was built after the detectors, from the providers' documentation and not from the detectors'
                patterns, but by the same team: treat its figures as a check that the documented formats and
                encodings are covered, not as a measure of real traffic. `ProviderCorpusTest` and `DlpPathsTest` keep
                precision and recall at 0.95 or more on every path in the normal build.

                - machine: %s
                - command: `%s`

                """.formatted(
                provider.stream().filter(ProviderCorpus.Sample::positive).count(),
                provider.stream().filter(ProviderCorpus.Sample::positive).map(ProviderCorpus.Sample::kind).distinct().count(),
                provider.stream().filter(s -> !s.positive()).count(), rows,
                firstScore.truePositives() + firstScore.falseNegatives(), firstScore.trueNegatives() + firstScore.falsePositives(),
                firstScore.precision(), firstScore.recall(),
                corpusSmall, corpusSmallExact, corpusLargeExact, jsonSmall, jsonSmallExact, BenchmarksFile.machine(), COMMAND);
        BenchmarksFile.writeSection("## Egress DLP", section);
    }

    private static String row(String what, DlpCorpus.Score s) {
        return "| %s (%d caught, %d missed, %d false alarms) | %.3f | %.3f |%n".formatted(what, s.truePositives(),
                s.falseNegatives(), s.falsePositives(), s.precision(), s.recall());
    }

    private static double throughput(DlpScanner scanner, String text, int bodySize,
                                     List<ExactMatchDetector> extra) {
        List<String> bodies = new java.util.ArrayList<>();
        for (int at = 0; at + bodySize <= text.length(); at += bodySize) {
            bodies.add(text.substring(at, at + bodySize));
        }
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            for (String b : bodies) {
                sink += scanner.scan(b, extra).size();
            }
        }
        long bytes = 0;
        long start = System.nanoTime();
        for (int round = 0; round < 3; round++) {
            for (String b : bodies) {
                sink += scanner.scan(b, extra).size();
                bytes += b.length();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (sink < 0) {
            throw new IllegalStateException();
        }
        return bytes / 1e6 / seconds;
    }

    private static String mixedText(List<String> samples, int size) {
        Random random = new Random(42);
        StringBuilder b = new StringBuilder(size + 4096);
        while (b.length() < size) {
            b.append(samples.get(random.nextInt(samples.size()))).append('\n');
        }
        return new String(b.substring(0, size).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String jsonRecords(int size) {
        Random random = new Random(43);
        String[] words = {"order", "shipped", "customer", "invoice", "meeting", "report", "delivery", "review", "team",
                "project", "update", "status", "weekly", "payment", "account", "support", "ticket", "resolved", "note"};
        StringBuilder b = new StringBuilder(size + 4096);
        b.append('[');
        while (b.length() < size) {
            b.append("{\"id\":\"").append(new java.util.UUID(random.nextLong(), random.nextLong()))
                    .append("\",\"name\":\"").append(words[random.nextInt(words.length)]).append(' ')
                    .append(words[random.nextInt(words.length)]).append("\",\"email\":\"user").append(random.nextInt(100000))
                    .append("@example.com\",\"created_at\":\"2026-0").append(1 + random.nextInt(9)).append("-1")
                    .append(random.nextInt(10)).append("T10:").append(10 + random.nextInt(50)).append(":00Z\",\"amount\":")
                    .append(random.nextInt(100000) / 100.0).append(",\"description\":\"");
            for (int i = 0; i < 12; i++) {
                b.append(words[random.nextInt(words.length)]).append(' ');
            }
            b.append("\"},\n");
        }
        return b.substring(0, size);
    }

    /** 50 random credentials of typical lengths, fingerprinted the way the vault does (HMAC-SHA256, org key). */
    private static CredentialFingerprints fiftyStoredCredentials() {
        byte[] key = new byte[32];
        new Random(7).nextBytes(key);
        Map<String, String> byHmac = new HashMap<>();
        Set<Integer> lengths = new HashSet<>();
        Random random = new Random(8);
        for (int i = 0; i < 50; i++) {
            int length = 20 + random.nextInt(60);
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < length; j++) {
                s.append((char) ('a' + random.nextInt(26)));
            }
            byHmac.put(hmac(key, s.toString()), "cred-" + i);
            lengths.add(length);
        }
        return new CredentialFingerprints() {
            @Override
            public String match(String candidate) {
                return byHmac.get(hmac(key, candidate));
            }

            @Override
            public boolean plausibleLength(int length) {
                return lengths.contains(length);
            }
        };
    }

    private static String hmac(byte[] key, String s) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(s.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
