package dev.charter.ai.internal;

import dev.charter.ai.AiGateway;
import dev.charter.ai.ModelKeys;
import dev.charter.audit.AuditLog;
import dev.charter.ai.LocalClassifiers;
import dev.charter.ai.internal.local.TrainedClassifiers;
import dev.charter.ai.internal.local.LocalModel;
import dev.charter.egress.EgressGateway;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the AI gateway. */
@Configuration(proxyBeanMethods = false)
class AiConfiguration {

    @Bean
    LocalModel aiLocalModel() {
        return new LocalModel();
    }

    @Bean
    LocalClassifiers aiLocalClassifiers() {
        return new TrainedClassifiers();
    }

    @Bean
    RemoteModel aiRemoteModel(EgressGateway egress) {
        return new RemoteModel(egress);
    }

    @Bean
    ProviderRoutes aiProviderRoutes(ModelKeys keys, ChoiceRepository choices, AiSettings settings, JsonMapper json) {
        AnthropicMessages anthropic = new AnthropicMessages(json, settings.anthropic().version());
        return new ProviderRoutes(keys, choices, settings, anthropic, new OpenAiChat(json),
                new BedrockMessages(json, anthropic, settings.bedrock().model()), new VertexMessages(json, anthropic));
    }

    @Bean
    AiGateway aiGateway(ProviderRoutes routes, ChoiceRepository choices, AuditLog audit, AiSettings settings,
                        RequestLimits limits, RemoteModel remote, LocalModel local, UsageRepository usage, JsonMapper json,
                        Clock clock) {
        return new DefaultAiGateway(routes, choices, audit, settings, limits, remote, local, usage, json, clock);
    }
}
