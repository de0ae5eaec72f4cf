package dev.charter.crews.internal;

import dev.charter.crews.CrewsSettings;
import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionPurge;
import dev.charter.privacy.RetentionRule;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What Crews store, for the data-class registry (RET-1). The organization is the controller of its contacts'
 * data (CRW-1); Charter processes it on its behalf, which the legal basis "contract" stands for here. Conversations
 * are kept as long as the organization chose (CRW-5); everything about a conversation goes with it.
 */
@Configuration(proxyBeanMethods = false)
class CrewsDataClasses {

    static final String CONVERSATIONS = "crews.conversations";

    @Bean
    DataClasses crewsDeclarations() {
        return DataClasses.of("crews",
                DataClass.of("crews.settings", "crews_settings")
                        .columns("org_id", "retention_days", "usage_statistics", "updated_at", "lead_webhook_url")
                        .holds("The organization's Crews settings: how long conversations are kept, whether Charter may "
                                + "count its anonymized usage, and the URL qualified leads are sent to")
                        .purpose("Keeping conversations as long as the organization chose")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Crews").org("org_id").build(),
                DataClass.of("crews.mailboxes", "crews_mailbox")
                        .columns("crew_id", "org_id", "imap_connection_id", "smtp_connection_id", "address", "folder",
                                "check_every_seconds", "uid_validity", "last_uid", "messages_read", "last_check_at", "lease_until",
                                "last_error", "created_by", "created_at")
                        .holds("Each crew's support mailbox: the IMAP and SMTP connections it is read and answered "
                                + "through, the support address, the folder, how far it has been read and its last error "
                                + "(no message: those are in the conversations)")
                        .purpose("Answering customers' email in the crew's conversations")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("crews_crew", "crew_id"))
                        .exported(true).erased(true).products("Crews").org("org_id").build(),
                DataClass.of("crews.crews", "crews_crew")
                        .columns("id", "org_id", "name", "definition", "origins", "created_at", "updated_at", "widget_key")
                        .holds("Each crew's roles and instructions, hand-off rules, categories, confidence thresholds, "
                                + "significant decisions, the site origins its widget may be embedded in and the widget's "
                                + "public key")
                        .purpose("Running the crews the organization configured")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Crews").org("org_id").build(),
                DataClass.of("crews.contacts", "crews_contact")
                        .columns("id", "org_id", "name", "email", "phone", "company", "fields", "created_at", "updated_at")
                        .holds("The organization's customers and leads: name, email, phone, company and the organization's "
                                + "own fields")
                        .purpose("Answering and following up the organization's customers on its behalf; the organization is "
                                + "the controller")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Crews").org("org_id").build(),
                DataClass.of(CONVERSATIONS, "crews_conversation")
                        .columns("id", "org_id", "crew_id", "contact_id", "channel", "status", "assignee_id", "subject",
                                "external_ref", "created_at", "updated_at", "last_message_at", "visitor_token_hash",
                                "person_requested_at")
                        .holds("Conversations of the organization's contacts: channel, status, the member assigned, subject, "
                                + "when the contact asked for a person, and for a widget visitor the SHA-256 of the token "
                                + "their browser keeps")
                        .purpose("Answering the organization's customers on its behalf; the organization is the controller")
                        .basis(LegalBasis.CONTRACT)
                        .retention(new RetentionRule.OrganizationChoice(CrewsSettings.DEFAULT_RETENTION_DAYS,
                                CrewsSettings.MIN_RETENTION_DAYS, CrewsSettings.MAX_RETENTION_DAYS, "last_message_at"))
                        .exported(true).erased(true).products("Crews").org("org_id").build(),
                DataClass.of("crews.messages", "crews_message")
                        .columns("id", "org_id", "conversation_id", "author", "author_user_id", "body", "message_id",
                                "in_reply_to", "citations", "created_at")
                        .holds("Every message of a conversation: the contact's, the crew's answers with the passages they "
                                + "cite, members' replies and private notes")
                        .purpose("Answering the organization's customers on its behalf; the organization is the controller")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("crews_conversation", "conversation_id"))
                        .exported(true).erased(true).products("Crews").org("org_id").build(),
                DataClass.of("crews.review-policy", "crews_review_policy")
                        .columns("org_id", "gates", "significant", "updated_at")
                        .holds("The organization's confidence gates per kind of result and the decisions it always reviews")
                        .purpose("Sending unsure and significant automated decisions to a person before they act")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Crews").org("org_id").build(),
                DataClass.of("crews.results", "crews_result")
                        .columns("id", "org_id", "conversation_id", "message_id", "kind", "value", "confidence", "runner_up",
                                "runner_up_confidence", "provider", "inputs", "factors", "effect", "state", "acting_value",
                                "decided_by", "override_reason", "created_at", "decided_at")
                        .holds("Automated judgements about a contact's messages and conversation (sentiment, category, lead "
                                + "score): value, confidence, runner-up, provider, the inputs it saw, and a person's approval "
                                + "or override with its reason")
                        .purpose("Profiling the organization's contacts with a confidence, and letting people review it; "
                                + "the organization is the controller")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("crews_conversation", "conversation_id"))
                        .exported(true).erased(true).products("Crews").org("org_id").build(),
                DataClass.of("crews.reviews", "crews_review")
                        .columns("id", "org_id", "conversation_id", "result_id", "origin", "reason", "request_text", "status",
                                "reviewer_id", "review_note", "created_at", "decided_at")
                        .holds("The human review queue: decisions held back by a gate or marked significant, and contacts' "
                                + "requests for review or for a person, with the reviewer's outcome")
                        .purpose("Human review of automated decisions before they act and on a contact's request")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("crews_conversation", "conversation_id"))
                        .exported(true).erased(true).products("Crews").org("org_id").build(),
                DataClass.of("crews.documents", "crews_document")
                        .columns("id", "org_id", "title", "format", "body", "created_by", "created_at")
                        .holds("The organization's knowledge base: each document's title, format and text (HTML and "
                                + "Markdown reduced to their text)")
                        .purpose("Answering the organization's customers from its own documents")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Crews").org("org_id").build(),
                DataClass.of("crews.passages", "crews_passage")
                        .columns("id", "org_id", "document_id", "position", "heading", "body", "length")
                        .holds("The passages a knowledge-base document is split into, which answers cite")
                        .purpose("Finding and citing the part of a document that answers a question")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("crews_document", "document_id"))
                        .exported(false).erased(true).products("Crews").org("org_id").build(),
                DataClass.of("crews.usage-counts", "crews_usage_count")
                        .columns("org_id", "day", "name", "count")
                        .holds("Charter's anonymized usage counters of Crews: events (messages per channel, answers, "
                                + "hand-overs) counted per organization and day; no contact, visitor or text")
                        .purpose("Seeing how Crews is used, unless the organization opted out (then nothing is counted)")
                        .basis(LegalBasis.LEGITIMATE_INTEREST).retention(new RetentionRule.MaxAge(java.time.Period.ofDays(90), "day"))
                        .exported(true).erased(true).products("Crews").org("org_id").build(),
                DataClass.of("crews.postings", "crews_posting")
                        .columns("org_id", "term", "passage_id", "tf", "dl")
                        .holds("The search index: each stemmed word of a passage and how often it occurs, with the passage's length in words")
                        .purpose("Ranking the organization's passages for a question (BM25)")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("crews_passage", "passage_id"))
                        .exported(false).erased(true).products("Crews").org("org_id").build());
    }

    /**
     * CRW-5: removes the conversations whose last message is older than their organization's retention days (the
     * default for an organization that chose none); their messages, and everything else about them, go with them by
     * cascade. The one query over every organization, as the retention sweeper's documented kernel job.
     */
    @Bean
    RetentionPurge crewsConversationPurge(JdbcClient jdbc) {
        return new RetentionPurge() {
            @Override
            public String dataClass() {
                return CONVERSATIONS;
            }

            @Override
            public long purge(Instant now, int limit) {
                return jdbc.sql("""
                        delete from crews_conversation where id in (
                          select c.id from crews_conversation c left join crews_settings s on s.org_id = c.org_id
                          where c.last_message_at < cast(? as timestamptz) - make_interval(days => coalesce(s.retention_days, ?))
                          limit ?)""")
                        .params(Timestamp.from(now), CrewsSettings.DEFAULT_RETENTION_DAYS, limit).update();
            }
        };
    }
}
