package dev.charter.ai.internal;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionRule;
import java.time.Period;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the AI gateway stores, for the data-class registry (RET-1): usage counters and the provider choice only. Instructions, data,
 * outputs and keys are never stored.
 */
@Configuration(proxyBeanMethods = false)
class AiDataClasses {

    @Bean
    DataClasses aiDeclarations() {
        return DataClasses.of("ai",
                DataClass.of("ai.usage", "ai_usage")
                        .columns("org_id", "day", "provider", "requests", "input_tokens", "output_tokens", "errors", "latency_ms")
                        .holds("AI requests, tokens, failed calls and summed latency counted per organization, day "
                                + "and provider; no person, no instruction, data or answer")
                        .purpose("Enforcing the daily token budget and showing the organization its AI usage")
                        .basis(LegalBasis.CONTRACT)
                        .retention(new RetentionRule.MaxAge(Period.ofDays(90), "day"))
                        .exported(false).erased(true).org("org_id").build(),
                DataClass.of("ai.provider-choice", "ai_provider_choice")
                        .columns("org_id", "provider_order", "endpoint_model", "updated_at")
                        .holds("The organization's ordered choice of AI providers and the model its own endpoint is "
                                + "asked for; no person, no key")
                        .purpose("Sending the organization's AI requests only to the providers its admins chose")
                        .basis(LegalBasis.CONTRACT)
                        .retention(new RetentionRule.WhileOrganizationActive())
                        .exported(false).erased(true).org("org_id").build());
    }
}
