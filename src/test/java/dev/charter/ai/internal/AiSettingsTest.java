package dev.charter.ai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The settings bind from the documented environment names; the server key is held redacted. */
class AiSettingsTest {

    private static AiSettings bind(Map<String, Object> variables) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return Binder.get(env).bindOrCreate("charter.ai", AiSettings.class);
    }

    @Test
    void defaultsMeanTheLocalFallbackAndTheRealApi() {
        AiSettings s = bind(Map.of("OTHER", "x"));
        assertThat(s.anthropic().hasServerKey()).isFalse();
        assertThat(s.anthropic().baseUrl()).isEqualTo(URI.create("https://api.anthropic.com"));
        assertThat(s.anthropic().messagesUrl()).isEqualTo(URI.create("https://api.anthropic.com/v1/messages"));
        assertThat(s.anthropic().version()).isEqualTo("2023-06-01");
        assertThat(s.anthropic().model()).isNotBlank();
        assertThat(s.dailyTokenBudget()).isEqualTo(200_000);
        assertThat(s.defaultTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theDocumentedEnvironmentVariablesBindAndTheKeyIsNeverPrinted() {
        String key = "sk-ant-test-" + java.util.UUID.randomUUID();
        AiSettings s = bind(Map.of("CHARTER_AI_ANTHROPIC_API_KEY", key,
                "CHARTER_AI_ANTHROPIC_BASE_URL", "https://llm.internal.example:8443/anthropic/",
                "CHARTER_AI_ANTHROPIC_MODEL", "claude-haiku-4-5",
                "CHARTER_AI_DAILY_TOKEN_BUDGET", "0",
                "CHARTER_AI_MAX_OUTPUT_TOKENS", "8000",
                "CHARTER_AI_MAX_TIMEOUT", "5m"));
        assertThat(s.anthropic().hasServerKey()).isTrue();
        assertThat(new String(s.anthropic().apiKey().chars())).isEqualTo(key);
        assertThat(s.anthropic().messagesUrl()).isEqualTo(URI.create("https://llm.internal.example:8443/anthropic/v1/messages"));
        assertThat(s.anthropic().model()).isEqualTo("claude-haiku-4-5");
        assertThat(s.dailyTokenBudget()).isZero();
        assertThat(s.maxOutputTokens()).isEqualTo(8000);
        assertThat(s.maxTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.toString()).doesNotContain(key);
        assertThat(s.anthropic().toString()).doesNotContain(key).contains("(set)");
        assertThat(new AiEgress().aiAnthropicServerKey(s).toString()).doesNotContain(key);
    }

    @Test
    void noServerCredentialIsDeclaredWithoutAKey() {
        assertThat(new AiEgress().aiAnthropicServerKey(bind(Map.of("CHARTER_AI_ANTHROPIC_API_KEY", "  ")))).isNull();
    }

    @Test
    void nonsenseIsRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("CHARTER_AI_ANTHROPIC_BASE_URL", "ftp://x"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("CHARTER_AI_DEFAULT_MAX_OUTPUT_TOKENS", "9000"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("CHARTER_AI_DEFAULT_TIMEOUT", "10m"))).isInstanceOf(BindException.class);
    }
}
