package dev.charter.reviews.cycles;

import static dev.charter.reviews.cycles.CycleFixtures.connection;
import static dev.charter.reviews.cycles.CycleFixtures.cycle;
import static dev.charter.reviews.cycles.CycleFixtures.email;
import static dev.charter.reviews.cycles.CycleFixtures.join;
import static dev.charter.reviews.cycles.CycleFixtures.link;
import static dev.charter.reviews.cycles.CycleFixtures.pull;
import static dev.charter.reviews.cycles.CycleFixtures.review;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * People and cycles: email matches proposed and confirmed, unmatched identities listed, a signal counted once for its
 * person with two identities linked (and one email seen by two mailboxes once); bad input refused whole; who sees a
 * review; a final review no longer changes and exports as Markdown.
 */
@CharterTest
@TestPropertySource(properties = "charter.connectors.http-allowed-hosts=127.0.0.1")
class PeopleAndCyclesTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    @Test
    void emailMatchesAreProposedThenConfirmedAndASignalCountsOnce() {
        Tenant t = Tenant.signUp(port);
        Tenant ana = join(t, "MEMBER");
        UUID mailboxA = connection(t);
        UUID mailboxB = connection(t);
        Instant in = Instant.parse("2026-11-03T10:00:00Z");
        UUID pr = pull(jdbc, t, mailboxA, "ana-gh", "Payments retry", in, true);
        UUID mail = email(jdbc, t, mailboxA, ana.email(), "<same@example.test>", in);
        email(jdbc, t, mailboxB, ana.email(), "<same@example.test>", in); // the same email, seen by a second mailbox
        pull(jdbc, t, mailboxA, "stranger", "Somebody else", in, true);

        JsonNode before = t.api().get("/api/v1/reviews/people/identities").json();
        assertThat(state(before, ana.email())).isEqualTo("PROPOSED");
        assertThat(state(before, "ana-gh")).isEqualTo("UNMATCHED");
        assertThat(state(before, "stranger")).isEqualTo("UNMATCHED");

        // a proposal counts for no one until an admin confirms it; a member may not confirm
        String current = review(t, cycle(t, "Q4", "2026-10-01", "2026-12-31"), ana.user(), t.user());
        assertThat(t.api().get("/api/v1/reviews/reviews/" + current).json().get("evidence").size()).isZero();
        assertThat(ana.api().postJson("/api/v1/reviews/people/identities/confirm-proposals", Map.of()).status()).isEqualTo(403);
        assertThat(t.api().postJson("/api/v1/reviews/people/identities/confirm-proposals", Map.of()).json()
                .get("confirmed").asInt()).isEqualTo(1);
        link(t, "GITHUB", "ana-gh", ana.user());
        JsonNode after = t.api().get("/api/v1/reviews/people/identities").json();
        assertThat(state(after, ana.email())).isEqualTo("LINKED");
        assertThat(state(after, "ana-gh")).isEqualTo("LINKED");
        assertThat(state(after, "stranger")).isEqualTo("UNMATCHED");

        List<String> evidence = new ArrayList<>();
        t.api().get("/api/v1/reviews/reviews/" + current).json().get("evidence").forEach(e -> evidence.add(e.get("id").asString()));
        assertThat(evidence).hasSize(2).contains(pr.toString());
        var draft = t.api().postJson("/api/v1/reviews/reviews/" + current + "/draft", Map.of());
        assertThat(draft.json().get("draft").get("sentences").get(0).get("text").asString()).startsWith("Not enough data: 2 signals");
        assertThat(mail).isNotNull();

        // unlinking takes the identity's signals away again
        assertThat(t.api().delete("/api/v1/reviews/people/identities?source=GITHUB&identity=ana-gh").status()).isEqualTo(204);
        assertThat(t.api().get("/api/v1/reviews/reviews/" + current).json().get("evidence").size()).isEqualTo(1);
    }

    @Test
    void badInputIsRefusedWholeAndNothingIsWritten() {
        Tenant t = Tenant.signUp(port);
        Tenant other = Tenant.signUp(port);
        long cycles = count(t, "reviews_cycle");
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("from", "2026-10-01", "to", "2026-12-31"),
                Map.of("name", "Q4", "from", "yesterday", "to", "2026-12-31"),
                Map.of("name", "Q4", "from", "2026-12-31", "to", "2026-10-01"),
                Map.of("name", "Q4", "from", "2020-01-01", "to", "2026-12-31"),
                Map.of("name", "x".repeat(121), "from", "2026-10-01", "to", "2026-12-31"))) {
            var r = t.api().postJson("/api/v1/reviews/cycles", bad);
            assertThat(r.status()).as(bad + " " + r.body()).isEqualTo(400);
            assertThat(r.json().get("errors")).as(r.body()).isNotNull();
        }
        assertThat(count(t, "reviews_cycle")).isEqualTo(cycles);

        String cycle = cycle(t, "Q4", "2026-10-01", "2026-12-31");
        var stranger = t.api().postJson("/api/v1/reviews/cycles/" + cycle + "/reviews",
                Map.of("reviewee", other.user().value().toString(), "reviewer", t.user().value().toString()));
        assertThat(stranger.status()).as(stranger.body()).isEqualTo(400);
        assertThat(stranger.body()).contains("reviewee");
        assertThat(t.api().postJson("/api/v1/reviews/cycles/" + cycle + "/reviews", Map.of("reviewee", "not-an-id",
                "reviewer", "x")).status()).isEqualTo(400);
        var badLink = t.api().json("PUT", "/api/v1/reviews/people/identities", Map.of("source", "MYSPACE",
                "identity", "ana", "person", t.user().value().toString()));
        assertThat(badLink.status()).isEqualTo(400);
        assertThat(badLink.body()).contains("source");
        assertThat(t.api().json("PUT", "/api/v1/reviews/people/identities", Map.of("source", "GITHUB", "identity", "ana",
                "person", other.user().value().toString())).status()).isEqualTo(400);
        assertThat(count(t, "reviews_identity_link")).isZero();

        // a sentence citing a signal outside this review is refused, and the draft stays as it was
        UUID source = connection(t);
        UUID mine = pull(jdbc, t, source, "owner-gh", "Mine", Instant.parse("2026-11-03T10:00:00Z"), true);
        UUID foreign = pull(jdbc, t, source, "someone", "Not mine", Instant.parse("2026-11-03T10:00:00Z"), true);
        link(t, "GITHUB", "owner-gh", t.user());
        String review = review(t, cycle, t.user(), t.user());
        var ok = t.api().json("PUT", "/api/v1/reviews/reviews/" + review + "/draft", Map.of("sentences",
                List.of(Map.of("text", "Kept.", "signals", List.of(mine.toString())))));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        var refused = t.api().json("PUT", "/api/v1/reviews/reviews/" + review + "/draft", Map.of("sentences",
                List.of(Map.of("text", "Changed.", "signals", List.of(mine.toString())),
                        Map.of("text", "Borrowed.", "signals", List.of(foreign.toString())))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("sentences[1].signals");
        assertThat(t.api().get("/api/v1/reviews/reviews/" + review).body()).contains("Kept.").doesNotContain("Changed.");
        assertThat(t.api().json("PUT", "/api/v1/reviews/reviews/" + review + "/draft", Map.of("sentences", List.of()))
                .status()).isEqualTo(400);

        // a final review no longer changes, and exports as Markdown with its evidence
        assertThat(t.api().get("/api/v1/reviews/reviews/" + review + "/export.md").status()).isEqualTo(409);
        assertThat(t.api().postJson("/api/v1/reviews/reviews/" + review + "/finalize", Map.of()).status()).isEqualTo(200);
        assertThat(t.api().postJson("/api/v1/reviews/reviews/" + review + "/draft", Map.of()).status()).isEqualTo(409);
        assertThat(t.api().json("PUT", "/api/v1/reviews/reviews/" + review + "/draft", Map.of("sentences",
                List.of(Map.of("text", "Late.", "signals", List.of())))).status()).isEqualTo(409);
        var md = t.api().get("/api/v1/reviews/reviews/" + review + "/export.md");
        assertThat(md.status()).isEqualTo(200);
        assertThat(md.header("content-type")).startsWith("text/markdown");
        assertThat(md.body()).contains("# Q4: ", "- Kept\\. [1](#evidence-1)", "## Evidence", "Mine",
                "<https://github.example/acme/api/pull/1>").doesNotContain("Not mine");
    }

    @Test
    void onlyTheReviewerAndAdminsSeeAReview() {
        Tenant t = Tenant.signUp(port);
        Tenant reviewer = join(t, "MEMBER");
        Tenant bystander = join(t, "MEMBER");
        Tenant other = Tenant.signUp(port);
        String cycle = cycle(t, "Q4", "2026-10-01", "2026-12-31");
        String review = review(t, cycle, bystander.user(), reviewer.user());
        assertThat(reviewer.api().get("/api/v1/reviews/reviews/" + review).status()).isEqualTo(200);
        assertThat(reviewer.api().get("/reviews/reviews/" + review).status()).isEqualTo(200);
        assertThat(bystander.api().get("/api/v1/reviews/reviews/" + review).status()).isEqualTo(404);
        assertThat(bystander.api().get("/api/v1/reviews/cycles/" + cycle).json().get("reviewList").size()).isZero();
        assertThat(other.api().get("/api/v1/reviews/reviews/" + review).status()).isEqualTo(404);
        assertThat(other.api().get("/api/v1/reviews/cycles/" + cycle).status()).isEqualTo(404);
        assertThat(bystander.api().postJson("/api/v1/reviews/cycles", Map.of("name", "Mine", "from", "2026-10-01",
                "to", "2026-12-31")).status()).isEqualTo(403);
        for (String page : List.of("/reviews/people", "/reviews/cycles", "/reviews/cycles/" + cycle, "/reviews/reviews/" + review)) {
            var r = t.api().get(page);
            assertThat(r.status()).as(page + " " + r.body()).isEqualTo(200);
        }
    }

    private long count(Tenant t, String table) {
        return jdbc.sql("select count(*) from " + table + " where org_id = ?").param(t.org().value()).query(Long.class).single();
    }

    private static String state(JsonNode identities, String identity) {
        for (JsonNode i : identities) {
            if (i.get("identity").asString().equals(identity)) {
                return i.get("state").asString();
            }
        }
        return "ABSENT";
    }
}
