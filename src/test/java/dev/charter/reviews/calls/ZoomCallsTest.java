package dev.charter.reviews.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.Connections;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.testing.Canary;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Zoom against a local fake that follows Zoom's documented shapes: the webhook's {@code x-zm-signature} and replay
 * window, the URL validation challenge, Server-to-Server OAuth minted inside egress, the participants list, and the
 * download of the {@code TRANSCRIPT} file only (REV-5); the internal-meeting rule on real webhooks (REV-6).
 */
class ZoomCallsTest extends CallsTestBase {

    static String vtt(String hostName, String line) {
        return """
                WEBVTT

                1
                00:00:01.000 --> 00:00:06.000
                %s: Thanks for making the time. What matters most for the renewal?

                2
                00:00:06.500 --> 00:00:15.000
                Cliente Buyer: Pricing matters, and the pricing of support too. %s

                3
                00:00:15.500 --> 00:00:20.000
                %s: I will send you the revised pricing by Friday.
                """.formatted(hostName, line, hostName);
    }

    @Test
    @Tag("claim:REV-5")
    @Tag("claim:REV-2")
    void anExternalMeetingIsAnalysedFromItsTranscriptOnlyAndNothingOfItLeaks() {
        try (Canary canary = Canary.start(database)) {
            Tenant t = connectedTenant();
            enable(t);
            String said = canary.plant("spoken");
            String uuid = "/ab" + UUID.randomUUID() + "==";
            String file = "tr-" + UUID.randomUUID();
            fakes.zoomParticipants.put(uuid, List.of(new CallFakes.Person("Host Person", t.email().toUpperCase()),
                    new CallFakes.Person("Cliente Buyer", "buyer@customer.example")));
            fakes.zoomFiles.put(file, vtt("Host Person", "The budget owner is " + said + " this quarter."));
            int before = fakes.seen.size();

            var r = zoomWebhook(t, transcriptCompleted(uuid, t.email(), file), ZOOM_WEBHOOK_SECRET, Instant.now());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode call = settled(t, callId(t, "ZOOM", 1));
            assertThat(call.get("status").asString()).as(call.toString()).isEqualTo("ANALYSED");
            assertThat(call.get("revieweeId").asString()).isEqualTo(t.user().toString());
            assertThat(call.get("attendeesExternal").asInt()).isEqualTo(1);
            JsonNode analysis = call.get("analysis");
            assertThat(analysis.get("reviewee").asString()).isEqualTo("Host Person");
            assertThat(analysis.get("nextSteps").toString()).contains("I will send you the revised pricing by Friday.");
            assertThat(analysis.get("topics").toString()).contains("pricing");

            List<CallFakes.Seen> seen = fakes.seen.subList(before, fakes.seen.size());
            assertThat(seen).extracting(CallFakes.Seen::path).containsExactly("/oauth/token",
                    "/v2/past_meetings/" + java.net.URLEncoder.encode(java.net.URLEncoder.encode(uuid,
                            java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8) + "/participants",
                    "/rec/download/" + file);
            assertThat(seen.get(0).authorization()).isEqualTo(CallFakes.basic(CallFakes.ZOOM_CLIENT, CallFakes.ZOOM_SECRET));
            assertThat(seen.get(1).authorization()).startsWith("Bearer zoomtok");
            assertThat(seen.get(2).authorization()).startsWith("Bearer zoomtok");
            // the MP4 and M4A files of the same meeting were never asked for
            assertThat(fakes.seen).noneMatch(s -> s.path().contains("mp4-") || s.path().contains("m4a-"));

            // the transcript's words are nowhere: no table, no log line, no request; nor are the secrets
            var signals = context.getBean(CallSignals.class).of(t.org(), t.user(), Instant.now().minus(Duration.ofDays(3650)),
                    Instant.now().plus(Duration.ofDays(1)));
            assertThat(signals).extracting(CallSignal::kind).contains("TALK_RATIO", "LONGEST_MONOLOGUE_SECONDS",
                    "QUESTIONS_ASKED", "SENTIMENT", "TOPIC", "NEXT_STEP");
            assertThat(signals.toString()).doesNotContain(said);
            canary.assertNowhere(said, CallFakes.ZOOM_SECRET, ZOOM_WEBHOOK_SECRET);
            assertThat(t.api().get("/api/v1/reviews/calls/" + call.get("id").asString()).body()).doesNotContain(said);
        }
    }

    @Test
    @Tag("claim:REV-5")
    void egressRefusesRecordingPathsOfEveryCallConnectionAndAuditsIt() {
        Tenant t = connectedTenant();
        enable(t);
        Connections connections = context.getBean(Connections.class);
        EgressGateway egress = context.getBean(EgressGateway.class);
        Connection zoom = connections.list(t.org()).stream().filter(c -> c.kind() == ConnectionKind.ZOOM).findFirst().orElseThrow();
        Connection teams = connections.list(t.org()).stream().filter(c -> c.kind() == ConnectionKind.MS_TEAMS).findFirst().orElseThrow();
        Connection aircall = connections.list(t.org()).stream().filter(c -> c.kind() == ConnectionKind.AIRCALL).findFirst().orElseThrow();
        int before = fakes.seen.size();
        Map<String, EgressRequest> forbidden = Map.of(
                "zoom recordings", EgressRequest.builder("reviews.calls-zoom", t.org())
                        .get(fakes.base() + "/v2/meetings/81234567890/recordings").credential(zoom.credentialUse()).build(),
                "zoom play page", EgressRequest.builder("reviews.calls-zoom", t.org())
                        .get(fakes.base() + "/rec/play/abc").credential(zoom.credentialUse()).build(),
                "graph recording", EgressRequest.builder("reviews.calls-teams", t.org())
                        .get(fakes.base() + "/v1.0/communications/onlineMeetings/m1/recordings/r1/content")
                        .credential(teams.credentialUse()).build(),
                "aircall recording", EgressRequest.builder("reviews.calls-aircall", t.org())
                        .get(fakes.base() + "/v1/calls/42/recording").credential(aircall.credentialUse()).build(),
                "aircall voicemail", EgressRequest.builder("reviews.calls-aircall", t.org())
                        .get(fakes.base() + "/v1/calls/42/voicemail").credential(aircall.credentialUse()).build());
        forbidden.forEach((what, request) -> assertThatThrownBy(() -> egress.send(request)).as(what)
                .isInstanceOf(EgressDeniedException.class));
        assertThat(fakes.seen.size()).as("nothing reached the providers").isEqualTo(before);
        List<String> denied = Owner.jdbc(database).sql("""
                select details ->> 'path' from audit_event where org_id = ? and action = 'egress.request.denied'
                  and details ->> 'purpose' like 'reviews.calls-%'""").param(t.org().value()).query(String.class).list();
        assertThat(denied).contains("/v2/meetings/81234567890/recordings", "/rec/play/abc",
                "/v1.0/communications/onlineMeetings/m1/recordings/r1/content", "/v1/calls/42/recording", "/v1/calls/42/voicemail");
    }

    @Test
    @Tag("claim:REV-6")
    void anInternalMeetingWithAHiddenGuestIsSkippedWithTheReasonAndItsTranscriptIsNeverRead() {
        Tenant t = connectedTenant();
        enable(t);
        String uuid = "int-" + UUID.randomUUID();
        String file = "tr-" + UUID.randomUUID();
        fakes.zoomParticipants.put(uuid, List.of(new CallFakes.Person("Host Person", t.email()),
                new CallFakes.Person("Colleague", "colleague@eu.Example.Test"), new CallFakes.Person("Guest", null)));
        fakes.zoomFiles.put(file, vtt("Host Person", "Internal only."));
        zoomWebhook(t, transcriptCompleted(uuid, t.email(), file), ZOOM_WEBHOOK_SECRET, Instant.now());
        JsonNode call = settled(t, callId(t, "ZOOM", 1));
        assertThat(call.get("status").asString()).isEqualTo("SKIPPED");
        assertThat(call.get("reason").asString()).contains("internal meeting").contains("example.test")
                .contains("1 without an email");
        assertThat(call.get("attendeesInternal").asInt()).isEqualTo(2);
        assertThat(call.get("attendeesUnknown").asInt()).isEqualTo(1);
        assertThat(call.path("analysis").isMissingNode() || call.path("analysis").isNull()).isTrue();
        assertThat(fakes.seen).noneMatch(s -> s.path().equals("/rec/download/" + file));
        assertThat(Owner.jdbc(database).sql("select count(*) from reviews_calls_signal where org_id = ?")
                .param(t.org().value()).query(Integer.class).single()).isZero();
    }

    @Test
    void theUrlValidationChallengeIsAnsweredAndForgedOrStaleWebhooksAreRefused() {
        Tenant t = connectedTenant();
        String plain = "qgg8vlvZRS6UYooatFL8Aw";
        var challenge = zoomWebhook(t, "{\"payload\":{\"plainToken\":\"" + plain + "\"},\"event_ts\":1654503849680,"
                + "\"event\":\"endpoint.url_validation\"}", ZOOM_WEBHOOK_SECRET, Instant.now());
        assertThat(challenge.status()).isEqualTo(200);
        assertThat(challenge.json().get("plainToken").asString()).isEqualTo(plain);
        assertThat(challenge.json().get("encryptedToken").asString()).isEqualTo(hmac(ZOOM_WEBHOOK_SECRET, plain));

        enable(t);
        String uuid = "forged-" + UUID.randomUUID();
        var forged = zoomWebhook(t, transcriptCompleted(uuid, t.email(), "x"), "not-the-secret-token", Instant.now());
        assertThat(forged.status()).isEqualTo(401);
        var stale = zoomWebhook(t, transcriptCompleted(uuid, t.email(), "x"), ZOOM_WEBHOOK_SECRET,
                Instant.now().minus(Duration.ofMinutes(10)));
        assertThat(stale.status()).isEqualTo(401);
        assertThat(t.api().get("/api/v1/reviews/calls").json().size()).isZero();
        // another organization's address does not accept this one's signature
        Tenant other = Tenant.signUp(port);
        assertThat(zoomWebhook(other, transcriptCompleted(uuid, t.email(), "x"), ZOOM_WEBHOOK_SECRET, Instant.now()).status())
                .isEqualTo(404);
    }
}
