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

    @Test
    void anSmtpServerIsConnectedFromItsFormAndBadInputIsExplainedPerField() {
        Tenant t = Tenant.signUp(port);
        assertThat(t.browser().get("/connections").body()).contains("id=\"form-smtp\"");

        String password = "smtp-canary-" + UUID.randomUUID();
        var bad = t.browser().form("/connections", "/connections", Map.of("kind", "SMTP_SERVER", "label", "Shop mail",
                "host", "smtp example", "port", "99999", "security", "PLAIN", "username", "a:b", "secret", password,
                "from", "not-an-address"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("SMTP_SERVER-host-error").contains("SMTP_SERVER-username-error")
                .contains("SMTP_SERVER-from-error").contains("value=\"Shop mail\"").doesNotContain(password);
        assertThat(t.api().get("/api/v1/connections").json()).isEmpty();

        var plain = t.browser().form("/connections", "/connections", Map.of("kind", "SMTP_SERVER", "label", "Shop mail",
                "host", "smtp.example.com", "security", "PLAIN", "username", "shop", "secret", password,
                "from", "orders@shop.example"));
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.body()).contains("SMTP_SERVER-security-error").contains("Use STARTTLS or TLS");

        var saved = t.browser().form("/connections", "/connections", Map.of("kind", "SMTP_SERVER", "label", "Shop mail",
                "host", "smtp.example.com", "security", "STARTTLS", "username", "shop", "secret", password,
                "from", "orders@shop.example"));
        assertThat(saved.status()).isEqualTo(302);
        var list = t.browser().get("/connections");
        assertThat(list.body()).contains("Shop mail").contains("smtp://smtp.example.com:587")
                .contains("STARTTLS, from orders@shop.example").doesNotContain(password);
        var json = t.api().get("/api/v1/connections").json().get(0);
        assertThat(json.get("kind").asString()).isEqualTo("SMTP_SERVER");
        assertThat(json.get("smtpPort").asInt()).isEqualTo(587);
        assertThat(json.toString()).doesNotContain(password);

        String id = json.get("id").asString();
        assertThat(t.api().delete("/api/v1/connections/" + id).json().get("status").asString()).isEqualTo("REVOKED");
    }
}
