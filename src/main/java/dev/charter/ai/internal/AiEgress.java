package dev.charter.ai.internal;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.Destination;
import dev.charter.egress.DlpAction;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.ServerCredential;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the AI gateway may reach: POST to the Messages endpoint of the configured Anthropic base URL, nothing else;
 * and, when the operator set {@code CHARTER_AI_ANTHROPIC_API_KEY}, the server key as a {@link ServerCredential} that
 * only the egress gateway reads, only for this purpose and this base (ADR 0050).
 */
@Configuration(proxyBeanMethods = false)
class AiEgress {

    /** The egress purpose of every model call. */
    static final String PURPOSE = "ai.anthropic";
    /** The name of the server key at the egress gateway. */
    static final String SERVER_KEY = "ai.anthropic";
    /** The header Anthropic reads the key from. */
    static final String KEY_HEADER = "x-api-key";

    @Bean
    EgressPolicy aiAnthropicPolicy(AiSettings settings) {
        URI url = settings.anthropic().messagesUrl();
        Set<Integer> ports = url.getPort() == -1 ? Set.of() : Set.of(url.getPort());
        Destination messages = new Destination(Set.of(url.getScheme()), url.getHost(), ports, Set.of("POST"),
                List.of(url.getRawPath()));
        return EgressPolicy.forPurpose(PURPOSE)
                .allow(messages)
                .timeout(settings.maxTimeout())
                .maxResponseBytes(2L * 1024 * 1024)
                .requestsPerMinute(120)
                .maxRedirects(0)
                // a secret in a step's data is replaced by an alias rather than failing the step (ADR 0051)
                .dlp(DlpAction.REPLACE)
                .build();
    }

    /** The server's key, declared to the egress gateway only when the operator set one. */
    @Bean
    ServerCredential aiAnthropicServerKey(AiSettings settings) {
        if (!settings.anthropic().hasServerKey()) {
            return null;
        }
        return new ServerCredential(SERVER_KEY, Set.of(PURPOSE), CredentialUse.Placement.HEADER, KEY_HEADER,
                serverKeyBase(settings), settings.anthropic().apiKey());
    }

    /** How a request names the server key; the same base and placement as its declaration. */
    static CredentialUse serverKeyUse(AiSettings settings) {
        return CredentialUse.server(SERVER_KEY, CredentialUse.Placement.HEADER, KEY_HEADER, serverKeyBase(settings));
    }

    private static URI serverKeyBase(AiSettings settings) {
        URI base = settings.anthropic().baseUrl();
        String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }
}
