package dev.charter.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The connections page offers a form per provider kind, and a saved key is listed without its secret. */
@CharterTest
class ProviderFormsPageTest {

    @LocalServerPort int port;

    @Test
    void providerKeysAreConnectedFromTheirOwnForms() {
        Tenant t = Tenant.signUp(port);
        var page = t.browser().get("/connections");
        assertThat(page.body()).contains("id=\"form-slack\"").contains("id=\"form-resend\"").contains("id=\"form-anthropic\"");

        String key = "sk-ant-canary-" + UUID.randomUUID();
        var saved = t.browser().form("/connections", "/connections", Map.of("kind", "ANTHROPIC_API_KEY",
                "label", "Our Anthropic", "secret", key));
        assertThat(saved.status()).isEqualTo(302);
        var list = t.browser().get("/connections");
        assertThat(list.body()).contains("Our Anthropic").contains("Anthropic API key").doesNotContain(key);

        var bad = t.browser().form("/connections", "/connections", Map.of("kind", "SLACK_WEBHOOK", "label", "",
                "webhookUrl", "not a url"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("SLACK_WEBHOOK-label-error").doesNotContain("not a url");
        assertThat(page.body()).doesNotContain("SLACK_WEBHOOK-baseUrl").contains("id=\"RESEND_API_KEY-baseUrl\"");

        // an API key can be pointed at another address of the provider's API; a wrong one is refused by name
        var elsewhere = t.browser().form("/connections", "/connections", Map.of("kind", "RESEND_API_KEY",
                "label", "EU mail", "secret", "re_" + UUID.randomUUID(), "baseUrl", "https://eu.resend.example/v1"));
        assertThat(elsewhere.status()).isEqualTo(302);
        assertThat(t.browser().get("/connections").body()).contains("https://eu.resend.example/v1");
        var wrong = t.browser().form("/connections", "/connections", Map.of("kind", "RESEND_API_KEY",
                "label", "Bad mail", "secret", "re_" + UUID.randomUUID(), "baseUrl", "ftp://files.example"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("id=\"RESEND_API_KEY-baseUrl-error\"").contains("value=\"ftp://files.example\"");
    }
}
