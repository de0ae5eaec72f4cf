package dev.charter.connectors.internal;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionRule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What connections store, for the data-class registry (RET-1). */
@Configuration(proxyBeanMethods = false)
class ConnectorsDataClasses {

    @Bean
    DataClasses connectorsDeclarations() {
        return DataClasses.of("connectors",
                DataClass.of("connectors.connections", "connectors_connection")
                        .columns("org_id", "id", "kind", "label", "base_url", "auth_scheme", "header_name", "verify_path", "scopes",
                                "credential_id", "credential_purpose", "status", "status_detail", "created_by", "created_at",
                                "verified_at", "revoked_at", "smtp_security", "mail_from", "imap_security")
                        .holds("Each grant to an external service: its kind, label, address, scopes, status, for an SMTP "
                                + "server its security mode and sender address, and who created it; "
                                + "the credential itself is in the vault")
                        .purpose("Knowing which services the organization connected and revoking them one by one")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Pilots", "Crews", "Reviews", "Perf cases")
                        .org("org_id").person("created_by").build(),
                DataClass.of("connectors.oauth-pending", "connectors_oauth_pending")
                        .columns("org_id", "state_hash", "kind", "label", "api_base_url", "redirect_uri", "scopes",
                                "credential_id", "created_by", "created_at", "expires_at")
                        .holds("An authorization an admin started with a provider and has not completed: the provider, "
                                + "name and addresses, a hash of its state parameter and who started it; the client "
                                + "secret and PKCE verifier are in the vault")
                        .purpose("Matching the provider's redirect to the authorization this admin started")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.UntilExpiry("expires_at"))
                        .exported(false).erased(true).products("Reviews")
                        .org("org_id").person("created_by").build());
    }
}
