package dev.charter.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * An operator who allows only the server's own, in-boundary endpoint ({@code charter.ai.allowed-providers:
 * SERVER_KEY}, the server's provider an OpenAI-compatible endpoint): an organization's Anthropic key and its own
 * endpoint are connected, yet neither receives anything, and an order naming them is refused; the local fallback
 * still answers.
 */
@CharterTest
@Import(CapturingEgress.Config.class)
class InBoundaryOnlyTest {

    static final FakeOpenAi inBoundary = new FakeOpenAi("/v1");
    static final FakeOpenAi elsewhere = new FakeOpenAi("/v1");
    static final FakeAnthropic anthropic = new FakeAnthropic();
    static final FakeBedrock bedrock = new FakeBedrock();
    static final FakeVertex vertex = new FakeVertex();
    static final String SERVER_ANTHROPIC_KEY = "sk-ant-server-" + UUID.randomUUID();
    static final String ORG_KEY = "sk-ant-org-" + UUID.randomUUID();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("charter.ai.openai.base-url", inBoundary::base);
        registry.add("charter.ai.openai.model", () -> "in-house");
        registry.add("charter.ai.anthropic.base-url", anthropic::base);
        registry.add("charter.ai.anthropic.api-key", () -> SERVER_ANTHROPIC_KEY);
        registry.add("charter.ai.allowed-providers", () -> "SERVER_KEY");
        registry.add("charter.connectors.http-allowed-hosts", () -> "127.0.0.1");
        registry.add("charter.egress.google-token-url", vertex::tokenUrl);
    }

    @AfterAll
    static void stop() {
        inBoundary.close();
        elsewhere.close();
        anthropic.close();
        bedrock.close();
        vertex.close();
    }

    @LocalServerPort int port;
    @Autowired AiGateway ai;
    @Autowired CapturingEgress egress;

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    @Test
    @Tag("claim:PIL-6")
    void everyOtherProviderRefusesAndTheLocalFallbackStillAnswers() {
        anthropic.acceptedKeys = Set.of(ORG_KEY, SERVER_ANTHROPIC_KEY);
        Tenant t = Tenant.signUp(port);
        int before = inBoundary.received.size();
        assertThat(t.api().postJson("/api/v1/connections", Map.of("kind", "ANTHROPIC_API_KEY", "label", "Claude",
                "baseUrl", anthropic.base(), "secret", ORG_KEY)).status()).isEqualTo(201);
        assertThat(t.api().postJson("/api/v1/connections", Map.of("kind", "OPENAI_COMPATIBLE", "label", "Cloud LLM",
                "baseUrl", elsewhere.base())).status()).isEqualTo(201);

        // connected, but not allowed: the default order skips both, the in-boundary endpoint answers
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.SERVER_KEY);
        AiResult r = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Summarize", json("\"Some text.\"")));
        assertThat(r.provider()).isEqualTo(AiProvider.SERVER_KEY);
        assertThat(r.model()).isEqualTo("in-house");
        assertThat(inBoundary.received).hasSize(before + 1);
        assertThat(inBoundary.received.get(before).header("authorization")).isNull();
        var status = t.api().get("/api/v1/ai/providers").json();
        for (JsonNode c : status.get("choices")) {
            String p = c.get("provider").asString();
            assertThat(c.get("allowed").asBoolean()).as(p).isEqualTo(p.equals("SERVER_KEY") || p.equals("LOCAL"));
        }
        assertThat(t.browser().get("/ai").body()).contains("not allowed by the operator");

        // an order that names a provider the operator does not allow is refused whole
        for (List<String> order : List.of(List.of("ORG_KEY"), List.of("ORG_ENDPOINT", "SERVER_KEY"),
                List.of("SERVER_KEY", "ORG_KEY", "LOCAL"))) {
            var refused = t.api().json("PUT", "/api/v1/ai/providers", Map.of("order", order));
            assertThat(refused.status()).as(order.toString()).isEqualTo(400);
            assertThat(refused.body()).contains("order").contains("does not allow");
        }
        assertThat(ai.providerOrder(t.org())).containsExactly(AiProvider.ORG_ENDPOINT, AiProvider.ORG_KEY,
                AiProvider.SERVER_KEY, AiProvider.LOCAL);

        // the local fallback stays available: on purpose, and as the organization's own choice
        assertThat(ai.completeLocally(AiRequest.of(t.org(), "pilots.ai-step", "Summarize", StringNode.valueOf("A. B.")))
                .provider()).isEqualTo(AiProvider.LOCAL);
        assertThat(t.api().json("PUT", "/api/v1/ai/providers", Map.of("order", List.of("LOCAL"))).status()).isEqualTo(200);
        egress.requests.clear();
        AiResult local = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Classify as billing or bug",
                StringNode.valueOf("I was charged twice.")));
        assertThat(local.provider()).isEqualTo(AiProvider.LOCAL);
        assertThat(local.text()).isEqualTo("billing");
        assertThat(egress.requests).isEmpty();

        // nothing ever reached the providers the operator did not allow
        assertThat(anthropic.received).isEmpty();
        assertThat(elsewhere.received).isEmpty();
        assertThat(inBoundary.received).hasSize(before + 1);
    }

    @Test
    @Tag("claim:PIL-6")
    void anAwsKeyForBedrockIsNotUsedEitherAndToolRoundsStayInBoundary() {
        Tenant t = Tenant.signUp(port);
        bedrock.keyId = "AKIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        bedrock.secret = "bdrk/" + UUID.randomUUID();
        bedrock.region = "eu-central-1";
        var created = t.api().postJson("/api/v1/connections", Map.of("kind", "AWS_BEDROCK", "label", "Bedrock",
                "region", "eu-central-1", "username", bedrock.keyId, "secret", bedrock.secret, "baseUrl", bedrock.base()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.SERVER_KEY);
        int before = inBoundary.received.size();
        inBoundary.tools.then(ToolPlan.call("lookup", "{\"id\":\"7\"}"));
        AiToolResult r = ai.completeWithTools(AiRequest.of(t.org(), "crews.answer", "Answer", json("\"question\"")),
                List.of(new AiTool("lookup", "Looks a record up.", json("{\"type\":\"object\",\"properties\":{\"id\":"
                        + "{\"type\":\"string\"}},\"required\":[\"id\"]}"), input -> json("{\"found\":true}"))), 2);
        assertThat(r.answer().provider()).isEqualTo(AiProvider.SERVER_KEY);
        assertThat(r.rounds()).isEqualTo(1);
        assertThat(inBoundary.received).hasSize(before + 2);
        assertThat(bedrock.received).isEmpty();
        assertThat(anthropic.received).isEmpty();
        // and the local fallback still answers, with tools too
        assertThat(t.api().json("PUT", "/api/v1/ai/providers", Map.of("order", List.of("LOCAL"))).status()).isEqualTo(200);
        assertThat(ai.completeWithTools(AiRequest.of(t.org(), "crews.answer", "Summarize", json("{\"id\":\"7\"}")),
                List.of(new AiTool("lookup", "Looks a record up.", json("{\"type\":\"object\",\"properties\":{\"id\":"
                        + "{\"type\":\"string\"}},\"required\":[\"id\"]}"), input -> json("{\"found\":true}"))), 2)
                .answer().provider()).isEqualTo(AiProvider.LOCAL);
        assertThat(inBoundary.received).hasSize(before + 2);
        assertThat(bedrock.received).isEmpty();
    }

    @Test
    @Tag("claim:PIL-6")
    void aVertexServiceAccountIsNotUsedEitherNorIsATokenMinted() {
        Tenant t = Tenant.signUp(port);
        FakeVertex.Account account = FakeVertex.account("charter-inboundary");
        vertex.know(account);
        var created = t.api().postJson("/api/v1/connections", Map.of("kind", "GOOGLE_VERTEX", "label", "Vertex",
                "project", "charter-inboundary", "region", "europe-west1", "model", "claude-test@20250929",
                "secret", account.json(vertex.tokenUrl()), "baseUrl", vertex.base()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(ai.activeProvider(t.org())).isEqualTo(AiProvider.SERVER_KEY);
        int before = inBoundary.received.size();
        AiResult r = ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Say done", json("1")));
        assertThat(r.provider()).isEqualTo(AiProvider.SERVER_KEY);
        assertThat(inBoundary.received).hasSize(before + 1);
        assertThat(t.api().json("PUT", "/api/v1/ai/providers", Map.of("order", List.of("ORG_KEY", "LOCAL"))).status())
                .isEqualTo(400);
        assertThat(t.api().json("PUT", "/api/v1/ai/providers", Map.of("order", List.of("LOCAL"))).status()).isEqualTo(200);
        assertThat(ai.complete(AiRequest.of(t.org(), "pilots.ai-step", "Summarize", json("\"a note\""))).provider())
                .isEqualTo(AiProvider.LOCAL);
        assertThat(vertex.received).isEmpty();
        assertThat(vertex.tokenRequests).isEmpty();
    }
}
