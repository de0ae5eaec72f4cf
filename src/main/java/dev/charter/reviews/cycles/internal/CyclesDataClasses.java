package dev.charter.reviews.cycles.internal;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionRule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What Reviews stores of people and review cycles, for the data-class registry (RET-1). */
@Configuration(proxyBeanMethods = false)
class CyclesDataClasses {

    @Bean
    DataClasses reviewsCyclesDeclarations() {
        return DataClasses.of("reviews",
                DataClass.of("reviews.identity-links", "reviews_identity_link")
                        .columns("org_id", "source", "identity", "user_id", "confirmed_by", "confirmed_at")
                        .holds("Which member a tool's identity (GitHub login, Jira account, Slack user, email address) "
                                + "belongs to, and which admin confirmed it when")
                        .purpose("Counting a person's signals for their review, each once")
                        .basis(LegalBasis.LEGITIMATE_INTEREST).retention(new RetentionRule.WhileAccountActive())
                        .exported(true).erased(true).products("Reviews")
                        .org("org_id").person("user_id").build(),
                DataClass.of("reviews.cycles", "reviews_cycle")
                        .columns("org_id", "id", "name", "period_start", "period_end", "created_by", "created_at")
                        .holds("Review cycles: a name, a period, who created it and when")
                        .purpose("Reviewing people's work over a period")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Reviews")
                        .org("org_id").build(),
                DataClass.of("reviews.reviews", "reviews_review")
                        .columns("org_id", "id", "cycle_id", "reviewee_id", "reviewer_id", "status", "draft",
                                "draft_provider", "drafted_at", "excluded", "finalized_by", "finalized_at", "updated_at")
                        .holds("Each review of a cycle: reviewee and reviewer, the draft's sentences with the ids of the "
                                + "signals each rests on, who wrote it (a model or the local summary), the evidence the "
                                + "reviewer left out, and whether and when it was finalized")
                        .purpose("Writing and keeping an evidence-based review of a person")
                        .basis(LegalBasis.LEGITIMATE_INTEREST).retention(new RetentionRule.WithParent("reviews_cycle", "cycle_id"))
                        .exported(true).erased(true).products("Reviews")
                        .org("org_id").person("reviewee_id").build());
    }
}
