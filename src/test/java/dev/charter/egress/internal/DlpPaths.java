package dev.charter.egress.internal;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.charter.egress.Destination;
import dev.charter.egress.DlpAction;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.MailRequest;
import dev.charter.egress.SmtpSecurity;
import dev.charter.egress.SmtpServer;
import dev.charter.egress.internal.dlp.DlpCorpus;
import dev.charter.egress.internal.dlp.ProviderCorpus;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider-format corpus sent end to end through the egress gateway, one sample per request, with DLP set to
 * block: as a JSON body to a local HTTP server (the body a workflow's HTTP step or a Slack or webhook connector
 * sends), as the user message of an AI request body (Anthropic's Messages shape), and as the text of an email to
 * GreenMail as a real SMTP server. A sample counts as caught when the gateway refused it; every path runs the
 * same code as production (policy, address check, DLP on headers and body, audit), only the vault is a fake.
 */
final class DlpPaths implements AutoCloseable {

    static final OrgId ORG = OrgId.random();
    /** Carriers that are whole HTTP bodies by themselves; the others travel as a string in a JSON body. */
    static final Set<String> BODIES = Set.of("json", "slack", "json-in-json", "form", "multipart", "base64-value");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final LocalServer http = new LocalServer();
    final GreenMail smtp;
    final TestGateway t = new TestGateway();
    final DefaultEgressGateway gateway;
    final DefaultMailGateway mail;
    final SmtpServer server;
    final SecretRef login;

    DlpPaths(DlpAction action) {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.withConfiguration(GreenMailConfiguration.aConfig().withUser("bot@shop.test", "bot", "pw-for-tests"));
        smtp.start();
        t.resolver = host -> List.of(InetAddress.getLoopbackAddress());
        for (String purpose : List.of("test.dlp.http", "test.dlp.ai")) {
            t.policy(EgressPolicy.forPurpose(purpose).allow(Destination.https("127.0.0.1").withSchemes("http")
                    .withPorts(http.port()).withMethods("POST")).requestsPerMinute(100_000).dlp(action).build());
        }
        int port = smtp.getSmtp().getPort();
        t.policy(EgressPolicy.forPurpose("test.dlp.smtp").allow(new Destination(Set.of("smtp"), "127.0.0.1", Set.of(port),
                Set.of(Destination.SMTP_METHOD), List.of("/**"))).requestsPerMinute(100_000).dlp(action).build());
        gateway = t.build();
        mail = t.buildMail();
        server = new SmtpServer("127.0.0.1", port, SmtpSecurity.PLAIN);
        login = t.credentials.store(ORG, "bot:pw-for-tests");
    }

    /** The HTTP body for a sample: itself when it is a body, else a JSON message carrying it. */
    static byte[] httpBody(ProviderCorpus.Sample s) {
        String body = BODIES.contains(s.carrier()) ? s.text()
                : JSON.writeValueAsString(Map.of("channel", "ops", "text", s.text()));
        return body.getBytes(StandardCharsets.UTF_8);
    }

    static String contentType(ProviderCorpus.Sample s) {
        return switch (s.carrier()) {
            case "form" -> "application/x-www-form-urlencoded";
            case "multipart" -> "multipart/form-data; boundary=" + s.text().substring(2, s.text().indexOf('\r'));
            default -> "application/json";
        };
    }

    /** An AI request body (Anthropic Messages) with the sample as the user's message. */
    static byte[] aiBody(ProviderCorpus.Sample s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "claude-sonnet-4-5");
        m.put("max_tokens", 1024);
        m.put("system", "You help a small shop's operations team. Answer briefly.");
        m.put("messages", List.of(Map.of("role", "user", "content", s.text())));
        return JSON.writeValueAsBytes(m);
    }

    boolean refusedOverHttp(ProviderCorpus.Sample s) {
        return refused(EgressRequest.builder("test.dlp.http", ORG).post(http.url("/collect"), httpBody(s))
                .header("Content-Type", contentType(s)).build());
    }

    boolean refusedAsAiRequest(ProviderCorpus.Sample s) {
        return refused(EgressRequest.builder("test.dlp.ai", ORG).post(http.url("/v1/messages"), aiBody(s))
                .header("Content-Type", "application/json").header("anthropic-version", "2023-06-01").build());
    }

    boolean refusedOverSmtp(ProviderCorpus.Sample s) {
        try {
            mail.send(new MailRequest("test.dlp.smtp", ORG, null, server, login, "bot@shop.test", List.of("ops@shop.test"),
                    "Daily digest", s.text(), ""));
            return false;
        } catch (EgressDeniedException e) {
            return true;
        }
    }

    private boolean refused(EgressRequest r) {
        try {
            gateway.send(r);
            return false;
        } catch (EgressDeniedException e) {
            return true;
        }
    }

    /** Scores per path, in order: HTTP JSON body, AI request, SMTP. */
    Map<String, DlpCorpus.Score> scoreAll(List<ProviderCorpus.Sample> samples) {
        Map<String, DlpCorpus.Score> out = new LinkedHashMap<>();
        out.put("HTTP JSON body", inParallel(samples, this::refusedOverHttp));
        out.put("AI request body", inParallel(samples, this::refusedAsAiRequest));
        out.put("SMTP", inParallel(samples, this::refusedOverSmtp));
        return out;
    }

    /** Sends from four threads at once (each SMTP session costs tens of milliseconds), then scores. */
    private static DlpCorpus.Score inParallel(List<ProviderCorpus.Sample> samples, Predicate<ProviderCorpus.Sample> refused) {
        ForkJoinPool pool = new ForkJoinPool(4);
        try {
            Set<String> caught = pool.submit(() -> samples.parallelStream().filter(refused).map(ProviderCorpus.Sample::id)
                    .collect(Collectors.toSet())).get(5, TimeUnit.MINUTES);
            return ProviderCorpus.score(samples, s -> caught.contains(s.id()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        http.close();
        smtp.stop();
    }
}
