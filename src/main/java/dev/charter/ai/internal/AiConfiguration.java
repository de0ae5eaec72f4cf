package dev.charter.ai.internal;

import dev.charter.ai.AiGateway;
import dev.charter.ai.ModelKeys;
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
    RemoteModel aiRemoteModel(EgressGateway egress, AiSettings settings, JsonMapper json) {
        return new RemoteModel(egress, new AnthropicMessages(json), settings);
    }

    @Bean
    AiGateway aiGateway(ModelKeys keys, AiSettings settings, RequestLimits limits, RemoteModel remote, LocalModel local,
                        UsageRepository usage, JsonMapper json, Clock clock) {
        return new DefaultAiGateway(keys, settings, limits, remote, local, usage, json, clock);
    }
}
