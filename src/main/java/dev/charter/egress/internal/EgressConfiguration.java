package dev.charter.egress.internal;

import dev.charter.audit.CommittedAuditLog;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.MailGateway;
import dev.charter.egress.MailboxGateway;
import dev.charter.egress.ServerCredential;
import dev.charter.egress.internal.dlp.Aliases;
import dev.charter.egress.internal.dlp.DlpScanner;
import dev.charter.storage.CharterSettings;
import dev.charter.vault.Vault;
import java.time.Clock;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires the gateway (HTTP and mail) from the declared policies, the operator's settings, the vault and the audit log. */
@Configuration(proxyBeanMethods = false)
class EgressConfiguration {

    /**
     * The thread that ends hops which outlive their timeout. Deliberately not a bean of type
     * ScheduledExecutorService: that would replace the application's task scheduler.
     */
    static final class Watchdog implements AutoCloseable {
        final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "egress-watchdog");
            t.setDaemon(true);
            return t;
        });

        Watchdog() {
            executor.setRemoveOnCancelPolicy(true);
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    @Bean
    Watchdog egressWatchdog() {
        return new Watchdog();
    }

    @Bean
    RateLimits egressRateLimits(Clock clock) {
        return new RateLimits(clock);
    }

    @Bean
    CredentialAccess egressCredentials(Vault vault) {
        return new VaultCredentials(vault);
    }

    @Bean
    PolicyEngine egressPolicyEngine(ObjectProvider<EgressPolicy> declared, EgressSettings settings) {
        return PolicyRegistry.build(declared.orderedStream().toList(), settings);
    }

    @Bean
    OutboundDlp egressOutboundDlp(EgressSettings settings, CharterSettings charter) {
        return new OutboundDlp(DlpScanner.withSecretPatterns(), new Aliases(AliasKey.load(settings, charter)));
    }

    @Bean
    EgressAudit egressAudit(CommittedAuditLog auditLog) {
        // A decision is recorded even when the caller's transaction later rolls back: the request went out (or was
        // refused). Concurrent decisions share one commit of the audit chain.
        return new EgressAudit(auditLog::record);
    }

    @Bean
    ServerCredentials egressServerCredentials(ObjectProvider<ServerCredential> serverCredentials) {
        return new ServerCredentials(serverCredentials.orderedStream().toList());
    }

    /** Installation tokens of GitHub Apps, kept inside egress only (ADR 0230). */
    @Bean
    GitHubAppTokens egressGitHubAppTokens(Clock clock) {
        return new GitHubAppTokens(clock);
    }

    /** The mint of GitHub App installation tokens: POST to an installation's token endpoint on the App's API base only. */
    @Bean
    EgressPolicy egressGitHubAppTokenPolicy() {
        return GitHubAppTokens.policy();
    }

    @Bean
    EgressGateway egressGateway(PolicyEngine engine, OutboundDlp dlp, EgressAudit audit, ServerCredentials servers,
                                EgressSettings settings, CredentialAccess credentials, RateLimits rates,
                                Watchdog egressWatchdog, Clock clock, GitHubAppTokens apps) {
        return gateway(engine, dlp, audit, servers, settings, credentials, rates, egressWatchdog, clock, apps);
    }

    /**
     * The token endpoint: the gateway's own, or, where the gateway bean was replaced (tests of other modules), one
     * built from the same parts.
     */
    @Bean
    dev.charter.egress.OAuthTokens egressOAuthTokens(EgressGateway egressGateway, PolicyEngine engine, OutboundDlp dlp,
                                                     EgressAudit audit, ServerCredentials servers, EgressSettings settings,
                                                     CredentialAccess credentials, RateLimits rates, Watchdog egressWatchdog,
                                                     Clock clock, GitHubAppTokens apps) {
        DefaultEgressGateway g = egressGateway instanceof DefaultEgressGateway d ? d
                : gateway(engine, dlp, audit, servers, settings, credentials, rates, egressWatchdog, clock, apps);
        return g.oauth(clock);
    }

    private static DefaultEgressGateway gateway(PolicyEngine engine, OutboundDlp dlp, EgressAudit audit,
                                                ServerCredentials servers, EgressSettings settings,
                                                CredentialAccess credentials, RateLimits rates, Watchdog egressWatchdog,
                                                Clock clock, GitHubAppTokens apps) {
        Transport transport = new SocketTransport((SSLSocketFactory) SSLSocketFactory.getDefault(), egressWatchdog.executor);
        return new DefaultEgressGateway(engine, HostResolver.SYSTEM, transport, rates, dlp, credentials, servers, audit,
                settings.userAgent(), new GoogleTokens(settings.googleTokenUrl(), clock), apps);
    }

    /** The token exchange of Google service account keys: POST to the operator's token endpoint only (ADR 0141). */
    @Bean
    EgressPolicy egressGoogleTokenPolicy(EgressSettings settings) {
        java.net.URI url = settings.googleTokenUrl();
        return EgressPolicy.forPurpose(GoogleTokens.PURPOSE)
                .allow(new dev.charter.egress.Destination(java.util.Set.of(url.getScheme()), url.getHost(),
                        url.getPort() == -1 ? java.util.Set.of() : java.util.Set.of(url.getPort()),
                        java.util.Set.of("POST"), java.util.List.of(url.getRawPath().isEmpty() ? "/" : url.getRawPath())))
                .timeout(java.time.Duration.ofSeconds(30))
                .maxResponseBytes(64L * 1024)
                .requestsPerMinute(60)
                .maxRedirects(0)
                .dlp(dev.charter.egress.DlpAction.BLOCK)
                .build();
    }

    @Bean
    MailGateway egressMailGateway(PolicyEngine engine, OutboundDlp dlp, EgressAudit audit, ServerCredentials servers,
                                  EgressSettings settings, CredentialAccess credentials, RateLimits rates,
                                  Watchdog egressWatchdog) {
        SmtpClient smtp = new SmtpClient((SSLSocketFactory) SSLSocketFactory.getDefault(), egressWatchdog.executor,
                settings.smtpLocalHost());
        return new DefaultMailGateway(engine, HostResolver.SYSTEM, rates, dlp, credentials, servers, audit, smtp);
    }

    /** The HTTP proxy on a Unix socket per sandboxed session (sockets under the system's temporary folder). */
    @Bean(destroyMethod = "close")
    UnixSocketProxy egressSessionProxy(EgressGateway egressGateway, EgressAudit audit, OutboundDlp dlp,
                                       CredentialAccess credentials, ServerCredentials servers, java.time.Clock clock) {
        return new UnixSocketProxy(egressGateway, audit, dlp, credentials, servers, clock,
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "charter-egress-" + ProcessHandle.current().pid()));
    }

    @Bean
    MailboxGateway egressMailboxGateway(PolicyEngine engine, EgressAudit audit, CredentialAccess credentials,
                                        RateLimits rates) {
        return new DefaultMailboxGateway(engine, HostResolver.SYSTEM, rates, credentials, audit,
                new ImapClient((SSLSocketFactory) SSLSocketFactory.getDefault()));
    }

    /** Read-only queries to a customer's PostgreSQL (a log store whose views the customer granted). */
    @Bean
    dev.charter.egress.DatabaseGateway egressDatabaseGateway(PolicyEngine engine, EgressAudit audit,
                                                             CredentialAccess credentials, RateLimits rates) {
        return new DefaultDatabaseGateway(engine, HostResolver.SYSTEM, rates, credentials, audit, new org.postgresql.Driver());
    }

    @Bean
    RateLimitSweeper egressRateLimitSweeper(RateLimits rates) {
        return new RateLimitSweeper(rates);
    }

    /** Forgets idle rate-limit buckets every minute. */
    static final class RateLimitSweeper {
        private final RateLimits rates;

        RateLimitSweeper(RateLimits rates) {
            this.rates = rates;
        }

        @Scheduled(fixedDelayString = "PT1M")
        void sweep() {
            rates.forgetIdle();
        }
    }
}
