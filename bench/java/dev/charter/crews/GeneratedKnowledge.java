package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A large knowledge base for the benchmarks: 100 Markdown documents of 100 passages of 90 words each (10,000
 * passages), drawn from a real help text's words with one word in four a rare term, uploaded and indexed through
 * the API as an organization's admin would.
 */
final class GeneratedKnowledge {

    private GeneratedKnowledge() {}

    /** Uploads the documents for {@code t}; the same seed gives the same documents. */
    static void upload(Tenant t, String wordsFrom, long seed) {
        Random random = new Random(seed);
        String[] vocabulary = wordsFrom.toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", " ").trim().split("\\s+");
        for (int d = 0; d < 100; d++) {
            StringBuilder doc = new StringBuilder();
            for (int p = 0; p < 100; p++) {
                doc.append("# Topic ").append(d).append('-').append(p).append('\n');
                for (int w = 0; w < 90; w++) {
                    doc.append(random.nextInt(4) == 0 ? "term" + random.nextInt(20_000) : vocabulary[random.nextInt(vocabulary.length)])
                            .append(' ');
                }
                doc.append("\n\n");
            }
            Http.Response r = t.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", "Generated " + d,
                    "format", "markdown", "content", doc.toString()));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }
}
