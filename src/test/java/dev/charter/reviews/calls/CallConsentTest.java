package dev.charter.reviews.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.reviews.calls.internal.Attestation;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * REV-4: call analysis is off for every organization until an admin attests consent; the attestation's text, version,
 * who and when are in the audit log; turning it off stops all ingestion at once (webhooks answered, nothing stored,
 * syncs refused) and the admin chooses whether what was analysed is deleted.
 */
class CallConsentTest extends CallsTestBase {

    private static final String VTT = """
            WEBVTT

            1
            00:00:01.000 --> 00:00:04.000
            Host Person: Hello, thanks for joining. How is the rollout going?

            2
            00:00:04.500 --> 00:00:09.000
            Cliente Buyer: Quite well. I will send you the usage report by Friday.
            """;

    private int calls(Tenant t) {
        return Owner.jdbc(database).sql("select count(*) from reviews_calls_call where org_id = ?").param(t.org().value())
                .query(Integer.class).single();
    }

    @Test
    @Tag("claim:REV-4")
    void offUntilAttestedAndTurningItOffStopsIngestionAtOnce() {
        Tenant t = connectedTenant();
        var settings = t.api().get("/api/v1/reviews/calls/settings");
        assertThat(settings.json().get("enabled").asBoolean()).isFalse();
        assertThat(settings.json().get("attestation").get("text").asString()).isEqualTo(Attestation.TEXT);

        String uuid = "off-" + UUID.randomUUID();
        fakes.zoomParticipants.put(uuid, List.of(new CallFakes.Person("Host Person", t.email()),
                new CallFakes.Person("Cliente Buyer", "buyer@customer.example")));
        fakes.zoomFiles.put("tr-" + uuid, VTT);
        // off: the webhook is answered, nothing is stored, the provider is not asked for anything
        int before = fakes.seen.size();
        var off = zoomWebhook(t, transcriptCompleted(uuid, t.email(), "tr-" + uuid), ZOOM_WEBHOOK_SECRET, Instant.now());
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().get("status").asString()).isEqualTo("not stored");
        assertThat(calls(t)).isZero();
        assertThat(fakes.seen.size()).isEqualTo(before);
        var teams = t.api().postJson("/api/v1/reviews/calls/teams/meetings", Map.of("meetingId", "MSo1N2Y5ZGFjYy0x"));
        assertThat(teams.status()).isEqualTo(409);
        assertThat(teams.body()).contains("consent attestation");

        // the attestation must be confirmed, and be the current version
        var unconfirmed = t.api().postJson("/api/v1/reviews/calls/consent", Map.of("version", Attestation.VERSION, "confirm", false));
        assertThat(unconfirmed.status()).isEqualTo(400);
        var stale = t.api().postJson("/api/v1/reviews/calls/consent", Map.of("version", "calls-2020-v0", "confirm", true));
        assertThat(stale.status()).isEqualTo(400);
        assertThat(t.api().get("/api/v1/reviews/calls/settings").json().get("enabled").asBoolean()).isFalse();

        enable(t);
        var audit = Owner.jdbc(database).sql("""
                select details::text from audit_event where org_id = ? and action = 'reviews.calls.consent.enabled'""")
                .param(t.org().value()).query(String.class).list();
        assertThat(audit).singleElement().satisfies(d -> assertThat(d).contains(Attestation.VERSION)
                .contains(Attestation.sha256()).contains("never audio or video"));

        var on = zoomWebhook(t, transcriptCompleted(uuid, t.email(), "tr-" + uuid), ZOOM_WEBHOOK_SECRET, Instant.now());
        assertThat(on.json().get("status").asString()).isEqualTo("received");
        String call = callId(t, "ZOOM", 1);
        assertThat(settled(t, call).get("status").asString()).isEqualTo("ANALYSED");

        // off again, keeping what was analysed: new webhooks are answered and not stored, syncs refused
        var withdrawn = t.api().postJson("/api/v1/reviews/calls/consent/withdraw", Map.of("deleteAnalysed", false));
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.json().get("callsDeleted").asInt()).isZero();
        String second = "off2-" + UUID.randomUUID();
        var later = zoomWebhook(t, transcriptCompleted(second, t.email(), "tr-" + second), ZOOM_WEBHOOK_SECRET, Instant.now());
        assertThat(later.status()).isEqualTo(200);
        assertThat(later.json().get("status").asString()).isEqualTo("not stored");
        assertThat(calls(t)).isEqualTo(1);
        assertThat(t.api().postJson("/api/v1/reviews/calls/teams/meetings", Map.of("meetingId", "MSo1N2Y5ZGFjYy0x")).status())
                .isEqualTo(409);

        // on and off again, this time deleting what was analysed
        enable(t);
        var deleted = t.api().postJson("/api/v1/reviews/calls/consent/withdraw", Map.of("deleteAnalysed", true));
        assertThat(deleted.json().get("callsDeleted").asInt()).isEqualTo(1);
        assertThat(calls(t)).isZero();
        assertThat(Owner.jdbc(database).sql("select count(*) from reviews_calls_signal where org_id = ?")
                .param(t.org().value()).query(Integer.class).single()).isZero();
        assertThat(Owner.jdbc(database).sql("""
                select count(*) from audit_event where org_id = ? and action = 'reviews.calls.consent.disabled'""")
                .param(t.org().value()).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    @Tag("claim:REV-4")
    void aMemberCannotTurnItOn() {
        Tenant t = connectedTenant();
        // a forged request without a session is not a member at all
        var anonymous = new dev.charter.testing.Http(port).postJson("/api/v1/reviews/calls/consent",
                Map.of("version", Attestation.VERSION, "confirm", true));
        assertThat(anonymous.status()).isIn(401, 403);
        assertThat(t.api().get("/api/v1/reviews/calls/settings").json().get("enabled").asBoolean()).isFalse();
    }
}
