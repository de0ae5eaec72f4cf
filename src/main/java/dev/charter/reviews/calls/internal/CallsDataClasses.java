package dev.charter.reviews.calls.internal;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionRule;
import java.time.Period;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the customer-call half of Reviews stores, for the data-class registry. Transcripts are not among them: a
 * transcript is read from the provider when its call is analysed, held in memory for that analysis only (seconds), and
 * dropped; it is never written to the database, a log or a job.
 */
@Configuration(proxyBeanMethods = false)
class CallsDataClasses {

    @Bean
    DataClasses reviewsCallsDeclarations() {
        return DataClasses.of("reviews",
                DataClass.of("reviews.calls-settings", "reviews_calls_settings")
                        .columns("org_id", "enabled", "attestation_version", "attestation_sha256", "enabled_by", "enabled_at",
                                "disabled_by", "disabled_at", "internal_domains", "zoom_connection_id", "zoom_secret_id",
                                "aircall_connection_id", "aircall_token_id", "teams_connection_id", "updated_at")
                        .holds("Whether call analysis is on, the version of the consent attestation given, who gave it and "
                                + "when, the organization's email domains and which connections and webhook secrets (ids "
                                + "of vault credentials) its call providers use")
                        .purpose("Analysing customer calls only with the organization's attested consent")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Reviews").org("org_id").build(),
                DataClass.of("reviews.calls", "reviews_calls_call")
                        .columns("org_id", "id", "provider", "external_id", "host_email", "reviewee_id", "started_at",
                                "duration_s", "status", "reason", "attendees_internal", "attendees_external",
                                "attendees_unknown", "analysis", "received_at", "analysed_at")
                        .holds("Each customer call or meeting received: provider and its id, the host's email, when and "
                                + "how long, how many attendees were internal, external or without an email, whether it was "
                                + "analysed or skipped and why, and its analysis (talk time and questions per speaker, "
                                + "longest monologue, sentiment, topics and next steps). Never the transcript, audio or video")
                        .purpose("Giving a reviewer evidence from the reviewee's customer conversations")
                        .basis(LegalBasis.LEGITIMATE_INTEREST).retention(new RetentionRule.MaxAge(Period.ofYears(2), "received_at"))
                        .exported(true).erased(true).products("Reviews").org("org_id").person("reviewee_id").build(),
                DataClass.of("reviews.call-signals", "reviews_calls_signal")
                        .columns("org_id", "id", "call_id", "person_id", "kind", "value", "occurred_at", "created_at")
                        .holds("Signals derived from an analysed call for its reviewee: talk ratio, longest monologue, "
                                + "questions asked, sentiment, topics and next steps; deleted with their call")
                        .purpose("Showing a reviewer the evidence of a person's customer conversations in a review period")
                        .basis(LegalBasis.LEGITIMATE_INTEREST).retention(new RetentionRule.MaxAge(Period.ofYears(2), "occurred_at"))
                        .exported(true).erased(true).products("Reviews").org("org_id").person("person_id").build());
    }
}
