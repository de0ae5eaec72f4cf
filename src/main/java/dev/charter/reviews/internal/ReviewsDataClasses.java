package dev.charter.reviews.internal;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionRule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What Reviews stores of work signals, for the data-class registry (RET-1). */
@Configuration(proxyBeanMethods = false)
class ReviewsDataClasses {

    @Bean
    DataClasses reviewsSignalDeclarations() {
        return DataClasses.of("reviews",
                DataClass.of("reviews.signals", "reviews_signal")
                        .columns("org_id", "id", "connection_id", "source", "kind", "external_id", "identity", "occurred_at",
                                "title", "facts", "link", "count", "synced_at")
                        .holds("Metadata of people's work in connected tools: pull requests (number, title, state, "
                                + "author, times, draft), issues (key, summary, status, assignee, times) and their status "
                                + "changes, Slack messages counted per person, channel and day, email headers (From, To, "
                                + "Cc, Date, Message-ID, In-Reply-To; Subject only where turned on); never a body")
                        .purpose("Showing a reviewer the evidence of a person's work in a review period")
                        .basis(LegalBasis.LEGITIMATE_INTEREST).retention(new RetentionRule.WithParent("connectors_connection", "connection_id"))
                        .exported(true).erased(true).products("Reviews")
                        .org("org_id").build(),
                DataClass.of("reviews.sync-cursors", "reviews_sync_cursor")
                        .columns("org_id", "connection_id", "scope", "watermark", "signals", "last_error", "updated_at",
                                "id", "every_seconds", "next_run_at", "state", "position", "pass_newest", "pass_pages",
                                "pass_signals", "pass_started_at", "retry_at", "last_finished_at")
                        .holds("Where each sync of a connected tool stands: the scope read, its schedule, the newest update "
                                + "seen, the provider's position of the next page of a pass in progress, how many signals "
                                + "it stored, when a rate limit lets it go on, and its last error")
                        .purpose("Reading only what changed since the last read, and going on where a pass stopped")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("connectors_connection", "connection_id"))
                        .exported(true).erased(true).products("Reviews")
                        .org("org_id").build(),
                DataClass.of("reviews.settings", "reviews_settings")
                        .columns("org_id", "email_subjects", "updated_by", "updated_at")
                        .holds("Whether email subjects are kept, and who changed it last")
                        .purpose("Keeping subjects only where the organization chose to")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Reviews")
                        .org("org_id").person("updated_by").build());
    }
}
