package dev.charter.privacy.internal;

import static dev.charter.privacy.LegalBasis.CONTRACT;
import static dev.charter.privacy.LegalBasis.LEGAL_OBLIGATION;
import static dev.charter.privacy.LegalBasis.LEGITIMATE_INTEREST;
import static dev.charter.privacy.LegalBasis.OPERATIONAL;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.RetentionRule;
import java.time.Period;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declarations for the modules the privacy module itself depends on (storage, identity, audit).
 * They cannot declare their own data without a dependency cycle, so their declarations live here,
 * next to privacy's own; every other module declares its data in its own {@link DataClasses}
 * bean. See docs/adr/0020-data-class-registry.md.
 */
@Configuration(proxyBeanMethods = false)
class KernelDataClasses {

    @Bean
    DataClasses identityDataClasses() {
        return DataClasses.of("identity",
                DataClass.of("identity.organizations", "identity_organization")
                        .columns("id", "name", "created_at")
                        .holds("The organization's name and when it was created")
                        .purpose("Tenancy: everything in Charter belongs to one organization")
                        .basis(CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).org("id").build(),
                DataClass.of("identity.users", "identity_user")
                        .columns("id", "email", "display_name", "phone", "company", "password_hash", "created_at", "updated_at")
                        .holds("Email address, optional display name, phone and company, and a scrypt hash of the password")
                        .purpose("Signing in and knowing who did what inside the organization")
                        .basis(CONTRACT).retention(new RetentionRule.WhileAccountActive())
                        .exported(true).erased(true).person("id").build(),
                DataClass.of("identity.memberships", "identity_membership")
                        .columns("org_id", "user_id", "role", "created_at")
                        .holds("Which organization a person belongs to and their role")
                        .purpose("Deciding what a person may see and do")
                        .basis(CONTRACT).retention(new RetentionRule.WhileAccountActive())
                        .exported(true).erased(true).org("org_id").person("user_id").build(),
                DataClass.of("identity.invitations", "identity_invitation")
                        .columns("id", "org_id", "token_hash", "role", "email", "created_by", "created_at", "expires_at")
                        .holds("Open invitations: the invited email address, role, who invited, and a hash of the link")
                        .purpose("Letting an admin bring a colleague into the organization")
                        .basis(CONTRACT).retention(new RetentionRule.UntilExpiry("expires_at"))
                        .exported(true).erased(true).org("org_id").person("created_by").build(),
                DataClass.of("identity.sessions", "identity_session")
                        .columns("id", "org_id", "user_id", "created_at", "expires_at")
                        .holds("Signed-in browser sessions: when they started and when they end")
                        .purpose("Keeping a person signed in and letting them sign out everywhere")
                        .basis(CONTRACT).retention(new RetentionRule.UntilExpiry("expires_at"))
                        .exported(true).erased(true).org("org_id").person("user_id").build(),
                DataClass.of("identity.api-tokens", "identity_api_token")
                        .columns("id", "org_id", "user_id", "name", "token_hash", "token_prefix", "created_at", "last_used_at")
                        .holds("API tokens a person created: name, first characters, a hash, last use")
                        .purpose("Letting a person's scripts call the API")
                        .basis(CONTRACT).retention(new RetentionRule.WhileAccountActive())
                        .exported(true).erased(true).org("org_id").person("user_id").build(),
                DataClass.of("identity.server-operators", "identity_server_operator")
                        .columns("user_id", "added_at")
                        .holds("Which accounts the server's operator made server operators, and when")
                        .purpose("Letting an organization's admin give a named operator time-boxed support access to one case")
                        .basis(LEGITIMATE_INTEREST).retention(new RetentionRule.WhileAccountActive())
                        .exported(true).erased(true).person("user_id").build());
    }

    @Bean
    DataClasses auditDataClasses() {
        return DataClasses.of("audit",
                DataClass.of("audit.events", "audit_event")
                        .columns("id", "prev_hash", "hash", "occurred_at", "org_id", "actor", "subject", "action", "target",
                                "details")
                        .holds("Security-relevant events: what happened, when, to which object; people only as keyed "
                                + "pseudonyms, never a password, token, secret or message body")
                        .purpose("Proving what happened and detecting abuse; tamper-evident by a hash chain")
                        .basis(LEGAL_OBLIGATION)
                        .retention(new RetentionRule.LegalMinimum(Period.ofMonths(13), "occurred_at",
                                "security record; purged only by the audit module's database function"))
                        .exported(false).erased(false).org("org_id").build(),
                DataClass.of("audit.checkpoints", "audit_checkpoint")
                        .columns("id", "last_id", "last_hash", "signed_at", "key_id", "signature")
                        .holds("Signed checkpoints of the audit chain: a row id, a hash and a signature, nothing personal")
                        .purpose("Letting anyone verify the audit log offline")
                        .basis(LEGAL_OBLIGATION).retention(new RetentionRule.Operational("kept with the audit log"))
                        .products().build(),
                DataClass.of("audit.retention-policy", "audit_retention")
                        .columns("id", "months", "updated_at")
                        .holds("How many months audit events are kept (13 or more)")
                        .purpose("Enforcing the audit retention floor in the database itself")
                        .basis(OPERATIONAL).retention(new RetentionRule.Operational("one policy row"))
                        .products().build(),
                DataClass.of("audit.purges", "audit_purge")
                        .columns("id", "purged_through", "last_hash", "rows_deleted", "cutoff", "purged_at")
                        .holds("Where the audit chain starts after each purge: a row id, a hash and counts")
                        .purpose("Keeping the chain verifiable after old events are purged")
                        .basis(LEGAL_OBLIGATION).retention(new RetentionRule.Operational("kept with the audit log"))
                        .products().build());
    }

    /** The audit log is purged by its own database function (AUD-4), never by a plain DELETE. */
    @Bean
    dev.charter.privacy.RetentionPurge auditEventsPurge(dev.charter.audit.AuditRetention retention) {
        return new dev.charter.privacy.RetentionPurge() {
            @Override
            public String dataClass() {
                return "audit.events";
            }

            @Override
            public long purge(java.time.Instant now, int limit) {
                return retention.purgeExpired();
            }
        };
    }

    @Bean
    DataClasses operationalDataClasses() {
        return DataClasses.of("storage",
                DataClass.of("storage.migrations", "flyway_schema_history").module("storage")
                        .columns("installed_rank", "version", "description", "type", "script", "checksum", "installed_by",
                                "installed_on", "execution_time", "success")
                        .holds("Which database migrations ran and when")
                        .purpose("Upgrading the database safely")
                        .basis(OPERATIONAL).retention(new RetentionRule.Operational("database version history"))
                        .products().build(),
                DataClass.of("storage.scheduled-tasks", "scheduled_tasks").module("privacy")
                        .columns("task_name", "task_instance", "task_data", "execution_time", "picked", "picked_by",
                                "last_success", "last_failure", "consecutive_failures", "last_heartbeat", "version", "priority")
                        .holds("Background tasks of the cluster: names, due times, the id of the job to run")
                        .purpose("Running the retention sweep and exports on exactly one node")
                        .basis(OPERATIONAL).retention(new RetentionRule.Operational("task schedule"))
                        .products().build());
    }

    @Bean
    DataClasses privacyDataClasses() {
        return DataClasses.of("privacy",
                DataClass.of("privacy.usage-counts", "privacy_usage_event")
                        .columns("org_id", "day", "kind", "name", "count")
                        .holds("Page views and feature uses counted per organization, day and page; "
                                + "no user id, no address, no cookie")
                        .purpose("Seeing which parts of Charter an organization uses (first-party only)")
                        .basis(LEGITIMATE_INTEREST).retention(new RetentionRule.MaxAge(Period.ofDays(90), "day"))
                        .exported(true).erased(true).org("org_id").build(),
                DataClass.of("privacy.billing-records", "privacy_billing_record")
                        .columns("id", "org_id", "period_start", "period_end", "plan", "amount_cents", "currency", "created_at")
                        .holds("The organization's plan, billing periods and amounts")
                        .purpose("Bookkeeping")
                        .basis(LEGAL_OBLIGATION).retention(new RetentionRule.MaxAge(Period.ofYears(7), "period_end"))
                        .exported(true).erased(true).org("org_id").build(),
                DataClass.of("privacy.processing-restrictions", "privacy_processing_restriction")
                        .columns("org_id", "user_id", "restricted", "restricted_at", "objected", "objected_at",
                                "analytics_opt_out", "analytics_opt_out_at", "updated_at")
                        .holds("Whether a person restricted or objected to processing, or opted out of analytics, and when")
                        .purpose("Honouring those choices in every product")
                        .basis(LEGAL_OBLIGATION).retention(new RetentionRule.WhileAccountActive())
                        .exported(true).erased(true).org("org_id").person("user_id").build(),
                DataClass.of("privacy.consents", "privacy_consent")
                        .columns("id", "org_id", "processing", "text", "text_sha256", "attested_by", "attested_at",
                                "withdrawn_by", "withdrawn_at")
                        .holds("Consents an admin gave to opt-in processing: the exact text, its SHA-256, who and when, "
                                + "and when it was withdrawn")
                        .purpose("Processing that needs explicit consent runs only while it is given")
                        .basis(LEGAL_OBLIGATION).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).org("org_id").person("attested_by").build(),
                DataClass.of("privacy.exports", "privacy_export_job")
                        .columns("id", "org_id", "user_id", "include_organization", "status", "progress", "total",
                                "created_at", "finished_at", "file", "error")
                        .holds("Data exports a person asked for, their progress and the finished file")
                        .purpose("Giving a person a copy of their data")
                        .basis(LEGAL_OBLIGATION).retention(new RetentionRule.AfterFinished(Period.ofDays(1), "finished_at"))
                        .exported(true).erased(true).org("org_id").person("user_id").build());
    }
}
