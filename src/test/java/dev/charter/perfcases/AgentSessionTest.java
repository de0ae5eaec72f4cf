package dev.charter.perfcases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Tenant;
import dev.charter.testing.github.FakeGitHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The end-to-end demo of Perf cases II: a repository made here, with a benchmark and, in the middle of its history,
 * a commit that makes it slower; a case for its two versions; an agent session that bisects to that commit in a
 * sandbox, reverts it on the case branch, and opens the draft pull request on the fake GitHub, through its egress
 * socket and the organization's GitHub App only. The App's key is nowhere but the vault.
 */
@CharterTest
@TestPropertySource(properties = "charter.connectors.http-allowed-hosts=127.0.0.1")
@ExtendWith(OutputCaptureExtension.class)
@Tag("claim:PRF-13")
@Tag("claim:PRF-5")
class AgentSessionTest {

    @TempDir
    static Path tmp;
    static FakeGitHub github;
    static final dev.charter.ai.FakeOpenAi model = new dev.charter.ai.FakeOpenAi("/v1");
    /** The commits of main, oldest first; the fifth makes the benchmark slow. */
    static final List<String> history = new ArrayList<>();

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget database;

    @BeforeAll
    static void start() throws Exception {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        github = new FakeGitHub(tmp.resolve("github"), Clock.systemUTC(), AgentSessionTest::slowInTheMiddle);
    }

    @AfterAll
    static void stop() throws Exception {
        github.close();
        model.close();
    }

    /** Eight commits; the fifth makes the work the benchmark measures sleep; tags 1.0 (first) and 1.1 (last). */
    static void slowInTheMiddle(Git g, Path work) throws Exception {
        write(work, ".charter/perf.properties", """
                # how Charter builds, tests and benchmarks this repository
                test = sh test.sh
                bench = sh bench.sh
                runs = 5
                min_effect = 0.10
                """);
        write(work, "lib.sh", "work() {\n  i=0\n  while [ $i -lt 200 ]; do i=$((i + 1)); done\n}\n");
        write(work, "bench.sh", ". ./lib.sh\nwork\n");
        write(work, "test.sh", ". ./lib.sh\nwork && echo ok\n");
        commit(g, "Add the checkout and its benchmark");
        g.tag().setName("1.0").call();
        for (int i = 2; i <= 8; i++) {
            if (i == 5) {
                write(work, "lib.sh", "work() {\n  i=0\n  while [ $i -lt 200 ]; do i=$((i + 1)); done\n  sleep 0.25\n}\n");
                commit(g, "Wait for the inventory to settle");
            } else {
                write(work, "notes/" + i + ".md", "note " + i + "\n");
                commit(g, "Note " + i);
            }
        }
        g.tag().setName("1.1").call();
    }

    private static void write(Path work, String path, String content) throws Exception {
        Path p = work.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static void commit(Git g, String message) throws Exception {
        g.add().addFilepattern(".").call();
        RevCommit c = g.commit().setMessage(message).setAuthor("Dev", "dev@example.com")
                .setCommitter("Dev", "dev@example.com").call();
        history.add(c.getName());
    }

    private UUID openCase(Tenant t) {
        String connection = t.api().postJson("/api/v1/perfcases/connections", Map.of("kind", "PROMETHEUS",
                "label", "shop", "baseUrl", "http://127.0.0.1:9", "detection", Map.of("checkEvery", "PT24H")))
                .json().get("id").asString();
        UUID id = UUID.randomUUID();
        // as a detection pass opens it: checkout got slower from 1.0 to 1.1
        jdbc.sql("""
                insert into perfcases_case (id, org_id, connection_id, service, metric, baseline_version, candidate_version,
                    origin, status, title, opened_at) values (?, ?, ?::uuid, 'checkout', 'LATENCY_P95', '1.0', '1.1',
                    'DETECTED', 'OPEN', 'checkout p95 latency 40 % worse in 1.1', ?)""")
                .params(id, t.org().value(), connection, Timestamp.from(Instant.now())).update();
        return id;
    }

    private String connectApp(Tenant t, String webhookSecret) {
        var r = t.api().postJson("/api/v1/perfcases/code-hosts", Map.of("label", "acme's GitHub",
                "apiBase", "http://127.0.0.1:" + github.apiPort(), "gitBase", "http://127.0.0.1:" + github.gitPort(),
                "appId", github.appId, "installationId", github.installationId, "account", github.owner,
                "privateKey", github.privateKeyPem, "webhookSecret", webhookSecret));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain("BEGIN RSA", webhookSecret);
        return r.json().get("id").asString();
    }

    @Test
    void aSessionBisectsToTheSlowCommitRevertsItAndOpensADraftPullRequest(CapturedOutput output) throws Exception {
        Tenant t = Tenant.signUp(port);
        UUID caseId = openCase(t);
        String host = connectApp(t, "webhook-secret-" + UUID.randomUUID());

        var started = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/sessions",
                Map.of("codeHostId", host, "repository", "acme/shop"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String session = started.json().get("id").asString();
        assertThat(started.json().get("goodRef").asString()).as("the case's versions by default").isEqualTo("1.0");

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() ->
                t.api().get("/api/v1/perfcases/sessions/" + session).json().get("status").asString().matches("FINISHED|FAILED"));
        var s = t.api().get("/api/v1/perfcases/sessions/" + session).json();
        String log = t.api().get("/api/v1/perfcases/sessions/" + session + "/log").body();
        assertThat(s.get("status").asString()).as(s + "\n" + log).isEqualTo("FINISHED");
        assertThat(s.get("outcome").asString()).isEqualTo("PULL_REQUEST");
        assertThat(s.get("culprit").asString()).as("the fifth commit").isEqualTo(history.get(4));
        // the number GitHub gave it (the fake numbers the pull requests of every test in turn)
        int number = github.pulls.indexOf("charter/case-" + caseId + " -> main draft=true") + 1;
        assertThat(s.get("pullNumber").asInt()).isEqualTo(number);
        assertThat(s.get("pullUrl").asString()).endsWith("/acme/shop/pull/" + number);
        assertThat(log).contains("Bisect step 1", "The first slow commit is " + history.get(4), "Draft pull request");

        // on GitHub: the case branch, one commit on top of 1.1 that takes the sleep out, and its draft pull request
        String branch = "charter/case-" + caseId;
        assertThat(github.pulls).filteredOn(p -> p.startsWith(branch)).containsExactly(branch + " -> main draft=true");
        // with its evidence: the culprit, the statistics of every comparison, a chart, the tests
        String text = github.pullTexts.get(github.pulls.indexOf(branch + " -> main draft=true"));
        assertThat(text).startsWith("Revert " + history.get(4).substring(0, 7) + " (Wait for the inventory to settle)")
                .contains(history.get(4), "Mann-Whitney", "bisect 3: fast version →", "```mermaid", "`sh test.sh` passes",
                        "the merge is yours");
        try (Repository repo = github.open(); RevWalk walk = new RevWalk(repo)) {
            // the browser test's session may have pushed its own case branch; nothing else is new
            assertThat(repo.getRefDatabase().getRefs().stream().map(Ref::getName)
                    .filter(r -> !r.startsWith("refs/heads/charter/case-") || r.equals("refs/heads/" + branch)))
                    .containsExactlyInAnyOrder("HEAD", "refs/heads/main", "refs/heads/" + branch, "refs/tags/1.0", "refs/tags/1.1");
            RevCommit fix = walk.parseCommit(repo.exactRef("refs/heads/" + branch).getObjectId());
            assertThat(fix.getParent(0).getName()).isEqualTo(history.get(7));
            assertThat(fix.getFullMessage()).contains("Revert", history.get(4));
            assertThat(read(repo, fix, "lib.sh")).doesNotContain("sleep");
            assertThat(repo.exactRef("refs/heads/main").getObjectId().getName()).as("main untouched").isEqualTo(history.get(7));
        }
        // every token narrowed to the one repository; the key and the tokens nowhere but the vault and GitHub
        assertThat(github.mints).isNotEmpty().allMatch(m -> m.repositories().equals(List.of("shop")));
        DatabaseScan scan = new DatabaseScan(database);
        String keyBody = github.privateKeyPem.lines().filter(l -> !l.startsWith("-----")).skip(2).findFirst().orElseThrow();
        assertThat(scan.find(keyBody)).as("the App key in plain text").isEmpty();
        for (String token : github.mintedTokens()) {
            assertThat(scan.find(token)).as("an installation token").isEmpty();
            assertThat(output.getAll()).doesNotContain(token);
        }
        assertThat(output.getAll()).doesNotContain(keyBody);
        // the audit log: the session's requests went out under its purpose, and it ended with the pull request
        assertThat(jdbc.sql("""
                select count(*) from audit_event where org_id = ? and action = 'perfcases.agent.session.ended'
                  and details->>'detail' = 'PULL_REQUEST'""").param(t.org().value()).query(Long.class).single()).isEqualTo(1);
    }

    /** Item 10's page: an admin connects the App on its page, starts a session from the case and watches it finish. */
    @Test
    void aPersonStartsASessionFromTheCasePageAndWatchesItFinish() {
        Tenant t = Tenant.signUp(port);
        UUID caseId = openCase(t);
        String base = "http://127.0.0.1:" + port;
        try (dev.charter.testing.Browser b = new dev.charter.testing.Browser()) {
            var page = b.signIn(base, t.email(), Tenant.PASSWORD).page;
            page.navigate(base + "/perfcases");
            page.click("#pc-agent-github");
            // a bad key first: the form says what is wrong and keeps nothing secret
            page.fill("#gh-label", "acme's GitHub");
            page.fill("#gh-account", github.owner);
            page.fill("#gh-app", github.appId);
            page.fill("#gh-installation", Long.toString(github.installationId));
            page.fill("#gh-api", "http://127.0.0.1:" + github.apiPort());
            page.fill("#gh-git", "http://127.0.0.1:" + github.gitPort());
            page.fill("#gh-key", "not a key");
            page.fill("#gh-secret", "webhook-secret-of-the-browser");
            page.click("#pc-connect-github-submit");
            assertThat(page.content()).contains("Paste the App's private key").doesNotContain("webhook-secret-of-the-browser");
            page.fill("#gh-key", github.privateKeyPem);
            page.fill("#gh-secret", "webhook-secret-of-the-browser");
            page.click("#pc-connect-github-submit");
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator(".pc-github-status"))
                    .containsText("Active");
            assertThat(page.locator(".pc-github-webhook").textContent()).contains("/webhooks/perfcases/github/");
            assertThat(page.content()).doesNotContain("webhook-secret-of-the-browser").doesNotContain("BEGIN RSA");

            page.navigate(base + "/perfcases/cases/" + caseId);
            page.click("#pc-session-new");
            page.fill("#s-repo", "acme/shop");
            page.click("#pc-session-start");
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#pc-session-status"))
                    .hasText("FINISHED", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions()
                            .setTimeout(180_000));
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#pc-session-outcome"))
                    .containsText("PULL_REQUEST");
            assertThat(page.locator("#pc-session-culprit").textContent()).contains(history.get(4));
            assertThat(page.locator("#pc-session-pull a").getAttribute("href")).contains("/acme/shop/pull/");
            assertThat(page.locator("#pc-comparisons tbody tr").count()).isGreaterThanOrEqualTo(4);
            assertThat(page.locator("#pc-session-log").textContent()).contains("Bisect step 1", "Draft pull request");
            b.screenshot("perfcases-agent-session");

            page.navigate(base + "/perfcases/cases/" + caseId);
            assertThat(page.locator("#pc-session-list tbody tr").count()).isEqualTo(1);
            assertThat(page.locator("#pc-session-list").textContent()).contains("PULL_REQUEST", history.get(4).substring(0, 7));
        }
    }

    /**
     * With the organization's model key, the fix is the model's (PRF-11): it sees the case's statistics and the
     * culprit's code and nothing else, its files are committed on the case branch, and the fix must still pass the
     * tests and beat the noise before the pull request is opened.
     */
    @Test
    @Tag("claim:PRF-11")
    @Tag("claim:PRF-10")
    void withAModelKeyTheModelProposesTheFix() throws Exception {
        Tenant t = Tenant.signUp(port);
        UUID caseId = openCase(t);
        String host = connectApp(t, "webhook-secret-" + UUID.randomUUID());
        String key = "sk-" + UUID.randomUUID();
        model.reset();
        model.acceptedKeys = java.util.Set.of(key);
        String fixed = "work() {\n  i=0\n  while [ $i -lt 200 ]; do i=$((i + 1)); done\n}\n# the inventory settles without waiting\n";
        model.text = dev.charter.ai.FakeOpenAi.JSON.writeValueAsString(Map.of("explanation",
                "Drop the fixed wait: the inventory no longer needs it.", "files", List.of(Map.of("path", "lib.sh", "content", fixed)),
                "accessNeeded", List.of(Map.of("attributeKey", "inventory.wait", "justification", "to see the wait per request"))));
        // a trace connection the agent may only propose more access on (PRF-10)
        String tempo = t.api().postJson("/api/v1/perfcases/connections", Map.of("kind", "TEMPO", "label", "traces",
                "baseUrl", "http://127.0.0.1:9")).json().get("id").asString();
        // the organization's own OpenAI-compatible endpoint (a vLLM, say) and its key
        var connected = t.api().postJson("/api/v1/connections", Map.of("kind", "OPENAI_COMPATIBLE", "label", "Our model",
                "baseUrl", model.base(), "secret", key));
        assertThat(connected.status()).as(connected.body()).isEqualTo(201);

        String session = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/sessions",
                Map.of("codeHostId", host, "repository", "acme/shop")).json().get("id").asString();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() ->
                t.api().get("/api/v1/perfcases/sessions/" + session).json().get("status").asString().matches("FINISHED|FAILED"));
        var s = t.api().get("/api/v1/perfcases/sessions/" + session).json();
        String log = t.api().get("/api/v1/perfcases/sessions/" + session + "/log").body();
        assertThat(s.get("outcome").asString()).as(s + "\n" + log).isEqualTo("PULL_REQUEST");
        assertThat(s.get("result").get("fixStrategy").asString()).as(log).isEqualTo("model");

        // what the model saw: the case's statistics and the culprit's code, nothing of the sandbox or its credentials
        assertThat(model.received).hasSize(1);
        String sent = model.received.get(0).raw();
        assertThat(sent).contains("sleep 0.25", "lib.sh", "checkout", "LATENCY_P95", "Wait for the inventory to settle")
                .doesNotContain("webhook-secret", "BEGIN RSA", "charter-sample", "ghs_", "Proxy-Authorization");

        String branch = "charter/case-" + caseId;
        try (Repository repo = github.open(); RevWalk walk = new RevWalk(repo)) {
            RevCommit fix = walk.parseCommit(repo.exactRef("refs/heads/" + branch).getObjectId());
            assertThat(fix.getParent(0).getName()).isEqualTo(history.get(7));
            assertThat(fix.getFullMessage()).startsWith("Perf case: Drop the fixed wait");
            assertThat(read(repo, fix, "lib.sh")).isEqualTo(fixed);
        }
        // the access it asked for waits on the case for an admin; nothing approved it
        var proposals = t.api().get("/api/v1/perfcases/cases/" + caseId + "/proposals").json();
        assertThat(proposals).hasSize(1);
        assertThat(proposals.get(0).get("subject").asString()).isEqualTo("inventory.wait");
        assertThat(proposals.get(0).get("connectionId").asString()).isEqualTo(tempo);
        assertThat(proposals.get(0).get("status").asString()).isEqualTo("PROPOSED");
        assertThat(proposals.get(0).get("justification").asString()).startsWith("Proposed by the agent session");
        String text = github.pullTexts.get(github.pulls.indexOf(branch + " -> main draft=true"));
        assertThat(text).startsWith("Fix the slowdown of " + history.get(4).substring(0, 7))
                .contains("Drop the fixed wait", "Written by a model", "the model's fix → slow version");
    }

    /** A difference inside the noise is a normal outcome: no bisect, no branch, no pull request. */
    @Test
    void versionsThatDifferOnlyByNoiseEndAsNoChange() {
        Tenant t = Tenant.signUp(port);
        UUID caseId = openCase(t);
        String host = connectApp(t, "webhook-secret-" + UUID.randomUUID());
        int pullsBefore = github.pulls.size();
        String session = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/sessions", Map.of("codeHostId", host,
                "repository", "acme/shop", "goodRef", "1.0", "badRef", history.get(3))).json().get("id").asString();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() ->
                t.api().get("/api/v1/perfcases/sessions/" + session).json().get("status").asString().matches("FINISHED|FAILED"));
        var s = t.api().get("/api/v1/perfcases/sessions/" + session).json();
        assertThat(s.get("outcome").asString()).as(s.toString()).isEqualTo("NO_CHANGE");
        assertThat(s.path("culprit").asString("")).isEmpty();
        assertThat(t.api().get("/api/v1/perfcases/sessions/" + session + "/log").body()).contains("No change beyond the noise")
                .doesNotContain("Bisect step");
        assertThat(github.pulls).hasSize(pullsBefore);
    }

    @Test
    void theAppsWebhookIsSignedAndRemovingTheInstallationEndsItsSessions() throws Exception {
        Tenant t = Tenant.signUp(port);
        UUID caseId = openCase(t);
        String secret = "webhook-secret-" + UUID.randomUUID();
        String host = connectApp(t, secret);
        byte[] deleted = github.installationDeletedPayload().getBytes(StandardCharsets.UTF_8);

        // a wrong signature, and none: refused, nothing read or changed
        assertThat(hook(host, "installation", "sha256=" + "0".repeat(64), deleted).statusCode()).isEqualTo(401);
        assertThat(hook(host, "installation", null, deleted).statusCode()).isEqualTo(401);
        assertThat(t.api().get("/api/v1/perfcases/code-hosts/" + host).json().get("status").asString()).isEqualTo("ACTIVE");
        // GitHub's ping, signed
        var ping = hook(host, "ping", sign(secret, "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8)),
                "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(ping.statusCode()).isEqualTo(200);
        // the installation removed on GitHub: its signed webhook ends access at once
        var removed = hook(host, "installation", sign(secret, deleted), deleted);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        var h = t.api().get("/api/v1/perfcases/code-hosts/" + host).json();
        assertThat(h.get("status").asString()).isEqualTo("REMOVED");
        assertThat(h.get("endedReason").asString()).contains("removed on GitHub");
        var refused = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/sessions",
                Map.of("codeHostId", host, "repository", "acme/shop"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(jdbc.sql("select count(*) from perfcases_agent_session where case_id = ?").param(caseId)
                .query(Long.class).single()).isZero();
        // an unknown installation is not found, signed or not
        assertThat(hook(UUID.randomUUID().toString(), "installation", sign(secret, deleted), deleted).statusCode()).isEqualTo(404);
    }

    @Test
    void badStartsSayWhatIsWrong() {
        Tenant t = Tenant.signUp(port);
        UUID caseId = openCase(t);
        String host = connectApp(t, "webhook-secret-" + UUID.randomUUID());
        var r = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/sessions", Map.of("codeHostId", host,
                "repository", "acme", "goodRef", "--upload-pack=touch /tmp/x", "runs", 1));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("owner/name", "tag, branch or commit", "3 to 30");
        var other = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/sessions", Map.of("codeHostId", host,
                "repository", "someone-else/shop"));
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.body()).contains("The installation is on acme");
        var key = t.api().postJson("/api/v1/perfcases/code-hosts", Map.of("label", "x", "appId", "x", "account", "a b",
                "privateKey", "not a key", "webhookSecret", "short"));
        assertThat(key.status()).isEqualTo(400);
        assertThat(key.body()).contains("appId", "installationId", "account", "privateKey", "webhookSecret")
                .doesNotContain("not a key");
        assertThat(jdbc.sql("select count(*) from perfcases_agent_session where case_id = ?").param(caseId)
                .query(Long.class).single()).isZero();
    }

    private java.net.http.HttpResponse<String> hook(String host, String event, String signature, byte[] body) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/webhooks/perfcases/github/" + host))
                .header("Content-Type", "application/json").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            b.header("X-Hub-Signature-256", signature);
        }
        return java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** As GitHub signs a delivery: sha256= and the hex HMAC-SHA256 of the body under the webhook secret. */
    private static String sign(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static String read(Repository repo, RevCommit commit, String path) throws Exception {
        try (TreeWalk tw = TreeWalk.forPath(repo, path, commit.getTree())) {
            ObjectId blob = tw.getObjectId(0);
            return new String(repo.open(blob).getBytes(), StandardCharsets.UTF_8);
        }
    }
}
