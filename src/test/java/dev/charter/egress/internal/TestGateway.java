package dev.charter.egress.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.internal.dlp.Aliases;
import dev.charter.egress.internal.dlp.DlpScanner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.net.ssl.SSLSocketFactory;

/** A gateway assembled for unit tests: real policy engine, DLP and socket transport; fake vault, audit list, movable clock. */
final class TestGateway {

    /** A clock tests can move. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final ScheduledThreadPoolExecutor WATCHDOG = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "test-egress-watchdog");
        t.setDaemon(true);
        return t;
    });

    final List<EgressPolicy> policies = new ArrayList<>();
    List<String> allowedRanges = List.of("127.0.0.1/32");
    List<String> denyHosts = List.of();
    Map<String, EgressSettings.PolicyOverride> overrides = Map.of();
    HostResolver resolver = HostResolver.SYSTEM;
    Transport transport = new SocketTransport((SSLSocketFactory) SSLSocketFactory.getDefault(), WATCHDOG);
    final FakeCredentials credentials = new FakeCredentials();
    final List<dev.charter.egress.ServerCredential> serverCredentials = new ArrayList<>();
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final MovableClock clock = new MovableClock();
    final byte[] aliasKey = "alias-key-for-tests-only-32-bytes!!".getBytes();
    final GitHubAppTokens apps = new GitHubAppTokens(clock);

    TestGateway policy(EgressPolicy p) {
        policies.add(p);
        return this;
    }

    DefaultEgressGateway build() {
        EgressSettings settings = new EgressSettings(allowedRanges, denyHosts, overrides, null, "Charter-test", "localhost", null);
        return new DefaultEgressGateway(PolicyRegistry.build(policies, settings), resolver, transport,
                new RateLimits(clock), new OutboundDlp(DlpScanner.withSecretPatterns(), new Aliases(aliasKey)),
                credentials, new ServerCredentials(serverCredentials), new EgressAudit(audit::add), settings.userAgent(),
                new GoogleTokens(java.net.URI.create("https://oauth2.googleapis.com/token"), java.time.Clock.systemUTC()), apps);
    }

    /** The mail side of the gateway over the same policies, vault, DLP and audit list. */
    DefaultMailGateway buildMail() {
        EgressSettings settings = new EgressSettings(allowedRanges, denyHosts, overrides, null, "Charter-test", "localhost", null);
        return new DefaultMailGateway(PolicyRegistry.build(policies, settings), resolver, new RateLimits(clock),
                new OutboundDlp(DlpScanner.withSecretPatterns(), new Aliases(aliasKey)), credentials,
                new ServerCredentials(serverCredentials), new EgressAudit(audit::add),
                new SmtpClient((SSLSocketFactory) SSLSocketFactory.getDefault(), WATCHDOG, "localhost"));
    }

    /** The mailbox side of the gateway over the same policies, vault and audit list. */
    DefaultMailboxGateway buildMailbox() {
        EgressSettings settings = new EgressSettings(allowedRanges, denyHosts, overrides, null, "Charter-test", "localhost", null);
        return new DefaultMailboxGateway(PolicyRegistry.build(policies, settings), resolver, new RateLimits(clock),
                credentials, new EgressAudit(audit::add), new ImapClient((SSLSocketFactory) SSLSocketFactory.getDefault()));
    }

    List<AuditEvent> audit(String action) {
        return audit.stream().filter(e -> e.action().equals(action)).toList();
    }
}
