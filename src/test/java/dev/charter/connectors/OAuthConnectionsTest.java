package dev.charter.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * OAuth connections against local fakes of GitHub's, Atlassian's, Slack's and Google's authorization and token
 * endpoints: the redirect round trip with state and PKCE (the fake checks the verifier against the S256 challenge),
 * a wrong or reused state refused with nothing saved, the refresh of an expired token inside egress with the rotated
 * refresh token stored again, and canary tokens and client secrets found nowhere but in the vault's ciphertext.
 * (The same properties as the kernel pages' browser test, so both share one application context.)
 */
@CharterTest
@TestPropertySource(properties = "charter.connectors.http-allowed-hosts=127.0.0.1")
class OAuthConnectionsTest {

    static final List<String> issued = new CopyOnWriteArrayList<>();
    static final List<FakeOAuthProvider> fakes = new ArrayList<>();

    @LocalServerPort int port;
    @Autowired EgressGateway egress;
    @Autowired Connections connections;
    @Autowired DatabaseTarget db;

    @AfterAll
    static void stop() {
        fakes.forEach(FakeOAuthProvider::close);
    }

    static FakeOAuthProvider fake(FakeOAuthProvider.Style style, String id, String secret, Supplier<String> tokens)
            throws Exception {
        FakeOAuthProvider f = new FakeOAuthProvider(style, id, secret, tokens);
        fakes.add(f);
        return f;
    }

    private static Map<String, Object> start(String kind, FakeOAuthProvider f, String clientId, String secret) {
        Map<String, Object> m = new HashMap<>();
        m.put("kind", kind);
        m.put("label", kind + " test");
        m.put("clientId", clientId);
        m.put("clientSecret", secret);
        m.put("authorizeUrl", f.authorizeUrl());
        m.put("tokenUrl", f.tokenUrl());
        m.put("apiBaseUrl", f.apiUrl());
        return m;
    }

    /** What a browser does: follow the provider's redirect and land on Charter's callback. */
    private static URI visitProvider(String authorizationUrl) throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return URI.create(r.headers().firstValue("Location").orElseThrow());
    }

    private static String callbackPath(URI callback) {
        return callback.getRawPath() + "?" + callback.getRawQuery();
    }

    @Test
    @Tag("claim:REV-2")
    void gitHubRoundTripWithStateAndPkceAndTheTokenNowhereButTheVault() throws Exception {
        try (Canary canary = Canary.start(db)) {
            String clientSecret = canary.plant("gh-client-secret");
            Supplier<String> tokens = () -> {
                String t = canary.plant("gh-token");
                issued.add(t);
                return t;
            };
            var gh = fake(FakeOAuthProvider.Style.GITHUB, "Iv1.gh-client", clientSecret, tokens);
            Tenant t = Tenant.signUp(port);
            var started = t.api().postJson("/api/v1/connections/oauth", start("GITHUB_OAUTH", gh, "Iv1.gh-client", clientSecret));
            assertThat(started.status()).as(started.body()).isEqualTo(201);
            assertThat(started.body()).doesNotContain(clientSecret);
            URI authorize = URI.create(started.json().get("authorizationUrl").asString());
            Map<String, String> q = FakeOAuthProvider.query(authorize);
            assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", "Iv1.gh-client")
                    .containsEntry("code_challenge_method", "S256").containsKeys("state", "code_challenge", "redirect_uri");
            assertThat(q.get("redirect_uri")).endsWith("/connections/oauth/callback");
            assertThat(q.get("scope")).contains("repo");
            assertThat(authorize.toString()).doesNotContain(clientSecret);

            URI callback = visitProvider(authorize.toString());
            var done = t.api().get(callbackPath(callback));
            assertThat(done.status()).as(done.body()).isEqualTo(302);
            assertThat(done.header("Location")).contains("notice=connection-authorized");

            // the fake checked client authentication (Basic), the code, the redirect URI and the PKCE verifier
            assertThat(gh.tokenRequests).singleElement().satisfies(r -> {
                assertThat(r.form()).containsEntry("grant_type", "authorization_code").containsKey("code_verifier");
                assertThat(r.authorization()).startsWith("Basic ");
            });
            Connection c = connections.list(t.org()).stream().filter(x -> x.kind() == ConnectionKind.GITHUB_OAUTH)
                    .findFirst().orElseThrow();
            assertThat(c.authScheme()).isEqualTo(AuthScheme.OAUTH2);
            assertThat(c.status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(c.scopes()).contains("repo", "read:user");
            assertThat(c.baseUrl().toString()).isEqualTo(gh.apiUrl());

            // the access token is attached inside egress
            EgressResponse user = egress.send(EgressRequest.builder("connectors.verify", t.org())
                    .get(gh.apiUrl() + "/user").credential(c.credentialUse()).build());
            assertThat(user.status()).isEqualTo(200);
            assertThat(gh.apiAuthorizations).singleElement().isEqualTo("Bearer " + issued.get(issued.size() - 1));

            // the same state a second time: refused, nothing more saved
            var again = t.api().get(callbackPath(callback));
            assertThat(again.status()).isEqualTo(400);
            assertThat(again.body()).contains("does not belong to an authorization started here");
            assertThat(connections.list(t.org())).hasSize(1);

            String pages = t.api().get("/connections").body() + t.api().get("/api/v1/connections").body()
                    + t.api().get("/api/v1/audit/export").body() + done.body() + again.body();
            List<String> needles = new ArrayList<>(issued);
            needles.add(clientSecret);
            for (String n : needles) {
                assertThat(pages).doesNotContain(n);
            }
            canary.assertNowhere(needles.toArray(String[]::new));
        }
    }

    @Test
    @Tag("claim:REV-2")
    void aStateThatWasNeverIssuedOrBelongsToAnotherOrganizationIsRefused() throws Exception {
        var gh = fake(FakeOAuthProvider.Style.GITHUB, "Iv1.other", "secret-" + UUID.randomUUID(), () -> "tok-" + UUID.randomUUID());
        Tenant a = Tenant.signUp(port);
        Tenant b = Tenant.signUp(port);
        var started = a.api().postJson("/api/v1/connections/oauth", start("GITHUB_OAUTH", gh, "Iv1.other",
                "secret-" + UUID.randomUUID()));
        URI callback = visitProvider(started.json().get("authorizationUrl").asString());
        Map<String, String> q = FakeOAuthProvider.query(callback);

        var forged = a.api().get("/connections/oauth/callback?code=" + q.get("code") + "&state=forged-" + UUID.randomUUID());
        assertThat(forged.status()).isEqualTo(400);
        var otherOrg = b.api().get(callbackPath(callback));
        assertThat(otherOrg.status()).isEqualTo(400);
        assertThat(gh.tokenRequests).isEmpty();
        assertThat(connections.list(a.org())).isEmpty();
        assertThat(connections.list(b.org())).isEmpty();

        // the provider's refusal (the admin declined): nothing saved, the pending grant gone
        var declined = a.api().get("/connections/oauth/callback?error=access_denied&state=" + q.get("state"));
        assertThat(declined.status()).isEqualTo(400);
        assertThat(declined.body()).contains("access_denied");
        assertThat(connections.list(a.org())).isEmpty();
    }

    @Test
    @Tag("claim:REV-2")
    void aWrongPkceVerifierIsRefusedByTheProviderAndNothingIsSaved() throws Exception {
        var google = fake(FakeOAuthProvider.Style.GOOGLE, "g-client", "g-secret-" + UUID.randomUUID(), () -> "ya29." + UUID.randomUUID());
        Tenant t = Tenant.signUp(port);
        var started = t.api().postJson("/api/v1/connections/oauth", start("GMAIL_OAUTH", google, "g-client", "wrong-secret"));
        URI authorize = URI.create(started.json().get("authorizationUrl").asString());
        assertThat(FakeOAuthProvider.query(authorize)).containsEntry("access_type", "offline")
                .containsEntry("scope", "https://www.googleapis.com/auth/gmail.metadata");
        // a client whose code was issued for another challenge: the same code exchanged by a second authorization
        var second = t.api().postJson("/api/v1/connections/oauth", start("GMAIL_OAUTH", google, "g-client", "wrong-secret"));
        URI first = visitProvider(authorize.toString());
        URI other = visitProvider(second.json().get("authorizationUrl").asString());
        String swapped = "/connections/oauth/callback?code=" + FakeOAuthProvider.query(first).get("code") + "&state="
                + FakeOAuthProvider.query(other).get("state");
        var refused = t.api().get(swapped);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("refused the grant");
        assertThat(connections.list(t.org())).isEmpty();
    }

    @Test
    @Tag("claim:REV-2")
    void jiraRefreshesAnExpiredTokenInsideEgressAndKeepsTheRotatedRefreshToken() throws Exception {
        try (Canary canary = Canary.start(db)) {
            String clientSecret = canary.plant("jira-secret");
            List<String> jiraTokens = new CopyOnWriteArrayList<>();
            Supplier<String> tokens = () -> {
                String x = canary.plant("jira-token");
                jiraTokens.add(x);
                return x;
            };
            var jira = fake(FakeOAuthProvider.Style.ATLASSIAN, "atl-client", clientSecret, tokens);
            jira.apiAnswers.put("/oauth/token/accessible-resources",
                    "[{\"id\":\"11111111-2222-3333-4444-555555555555\",\"name\":\"acme\",\"url\":\"https://acme.atlassian.net\"}]");
            jira.expiresIn = 30; // inside the refresh margin: the next use refreshes
            Tenant t = Tenant.signUp(port);
            var started = t.api().postJson("/api/v1/connections/oauth", start("JIRA_OAUTH", jira, "atl-client", clientSecret));
            assertThat(started.status()).as(started.body()).isEqualTo(201);
            Map<String, String> q = FakeOAuthProvider.query(URI.create(started.json().get("authorizationUrl").asString()));
            assertThat(q).containsEntry("audience", "api.atlassian.com").containsEntry("prompt", "consent");
            assertThat(q.get("scope")).contains("offline_access");
            var done = t.api().get(callbackPath(visitProvider(started.json().get("authorizationUrl").asString())));
            assertThat(done.status()).as(done.body()).isEqualTo(302);
            Connection c = connections.list(t.org()).get(0);
            assertThat(c.baseUrl().toString()).isEqualTo(jira.apiUrl() + "/ex/jira/11111111-2222-3333-4444-555555555555");
            // accessible-resources was the first use and refreshed the 30-second token
            assertThat(jira.refreshes).hasValue(1);

            jira.expiresIn = 30;
            EgressResponse me = egress.send(EgressRequest.builder("connectors.verify", t.org())
                    .get(c.baseUrl() + "/rest/api/3/myself").credential(c.credentialUse()).build());
            assertThat(me.status()).isEqualTo(200);
            // a second refresh succeeded with the rotated refresh token: the first rotation was stored
            assertThat(jira.refreshes).hasValue(2);
            var refreshRequests = jira.tokenRequests.stream().filter(r -> "refresh_token".equals(r.form().get("grant_type"))).toList();
            assertThat(refreshRequests).hasSize(2);
            assertThat(refreshRequests.get(0).form().get("refresh_token")).isNotEqualTo(refreshRequests.get(1).form().get("refresh_token"));
            assertThat(jira.apiAuthorizations.get(jira.apiAuthorizations.size() - 1))
                    .isEqualTo("Bearer " + jiraTokens.get(jiraTokens.size() - 2));

            jira.expiresIn = 3600;
            String pages = t.api().get("/connections").body() + t.api().get("/api/v1/connections").body()
                    + t.api().get("/api/v1/audit/export").body();
            List<String> needles = new ArrayList<>(jiraTokens);
            needles.add(clientSecret);
            needles.forEach(n -> assertThat(pages).doesNotContain(n));
            canary.assertNowhere(needles.toArray(String[]::new));
        }
    }

    @Test
    @Tag("claim:REV-2")
    void slackGivesABotTokenAndItsTeam() throws Exception {
        String secret = "slack-secret-" + UUID.randomUUID();
        List<String> botTokens = new CopyOnWriteArrayList<>();
        var slack = fake(FakeOAuthProvider.Style.SLACK, "1234.5678", secret, () -> {
            String x = "xoxb-" + UUID.randomUUID();
            botTokens.add(x);
            return x;
        });
        Tenant t = Tenant.signUp(port);
        var started = t.api().postJson("/api/v1/connections/oauth", start("SLACK_OAUTH", slack, "1234.5678", secret));
        Map<String, String> q = FakeOAuthProvider.query(URI.create(started.json().get("authorizationUrl").asString()));
        assertThat(q.get("scope")).isEqualTo("channels:history,channels:read,users:read,users:read.email");
        var done = t.api().get(callbackPath(visitProvider(started.json().get("authorizationUrl").asString())));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        Connection c = connections.list(t.org()).get(0);
        assertThat(c.headerName()).isEqualTo("T0TEAM");
        assertThat(c.scopes()).contains("channels:history");
        EgressResponse r = egress.send(EgressRequest.builder("connectors.verify", t.org())
                .get(slack.apiUrl() + "/auth.test").credential(c.credentialUse()).build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(slack.apiAuthorizations).containsExactly("Bearer " + botTokens.get(0));
    }

    @Test
    void badStartRequestsAreRefusedWhole() {
        Tenant t = Tenant.signUp(port);
        Http api = t.api();
        var r = api.postJson("/api/v1/connections/oauth", Map.of("kind", "GITHUB_OAUTH", "label", "", "clientId", "a b"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").has("label")).isTrue();
        assertThat(r.json().get("errors").has("clientId")).isTrue();
        assertThat(r.json().get("errors").has("clientSecret")).isTrue();
        var pasted = api.postJson("/api/v1/connections", Map.of("kind", "GITHUB_OAUTH", "label", "x", "secret", "y"));
        assertThat(pasted.status()).isEqualTo(400);
        assertThat(pasted.body()).contains("authorization page");
        assertThat(connections.list(t.org())).isEmpty();
        assertThat(Set.of(ConnectionKind.values())).contains(ConnectionKind.JIRA_API_TOKEN);
    }
}
