package dev.charter.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.net.http.HttpRequest;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * DSR-3: a person corrects their data, restricts and objects to processing, and is not processed
 * afterwards (the usage analytics are the processing under test). DSR-4: analytics are
 * first-party, can be opted out of, and nothing is recorded with Do Not Track or Global Privacy
 * Control. DSR-6: one organization's analytics never show another's.
 */
@CharterTest
class ProcessingRightsTest {

    static final String PAGE = "/privacy";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired ProcessingGate gate;
    @Autowired UsageEvents usage;
    @Autowired DatabaseTarget database;

    @Test
    @Tag("claim:DSR-3")
    void aPersonCorrectsTheirDataAndTheOldValueIsGone() {
        Tenant t = Tenant.signUp(port);
        try (Canary canary = Canary.start(database)) {
            String wrong = canary.plant("wrong-name");
            String right = canary.plant("right-name");
            assertThat(t.api().json("PATCH", "/api/v1/account", Map.of("email", t.email(), "displayName", wrong)).status()).isEqualTo(200);
            var corrected = t.api().json("PATCH", "/api/v1/account", Map.of("email", t.email(), "displayName", right,
                    "company", "Corrected GmbH"));
            assertThat(corrected.status()).isEqualTo(200);
            assertThat(corrected.json().get("displayName").asString()).isEqualTo(right);
            canary.assertNowhere(wrong);
            assertThat(canary.database(right)).extracting(Canary.Hit::where).containsExactly("identity_user.display_name");

            // bad input is refused whole and changes nothing
            var refused = t.api().json("PATCH", "/api/v1/account", Map.of("email", "not-an-email", "displayName", wrong));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("errors").has("email")).isTrue();
            canary.assertNowhere(wrong);
            assertThat(t.api().get("/api/v1/account").json().get("displayName").asString()).isEqualTo(right);
        }
    }

    @Test
    @Tag("claim:DSR-3")
    void restrictedOrObjectedDataIsNotProcessedAfterwards() {
        Tenant restricting = Tenant.signUp(port);
        Tenant objecting = Tenant.signUp(port);
        for (Tenant t : new Tenant[] {restricting, objecting}) {
            view(t.browser());
            assertThat(pageViews(t)).isEqualTo(1);
            assertThat(gate.mayProcess(t.org(), t.user(), "crews.lead-scoring")).isTrue();
        }
        var r = restricting.api().json("PATCH", "/api/v1/privacy/processing", Map.of("restricted", true));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("restricted").asBoolean()).isTrue();
        assertThat(r.json().get("restrictedAt").isNull()).isFalse();
        // the page form, as a browser sends it
        var o = objecting.browser().form("/privacy", "/privacy/processing", Map.of("objected", "true"));
        assertThat(o.status()).isEqualTo(302);

        for (Tenant t : new Tenant[] {restricting, objecting}) {
            long before = pageViews(t); // the form's own page load came before the choice
            view(t.browser());
            view(t.browser());
            usage.featureUsed(t.org(), t.user(), "probe.feature");
            assertThat(pageViews(t)).as("no page view counted after the person said no").isEqualTo(before);
            assertThat(features(t, "probe.feature")).isZero();
            assertThat(gate.mayProcess(t.org(), t.user(), "crews.lead-scoring")).isFalse();
            assertThat(gate.mayProcess(t.org(), t.user(), ProcessingGate.ANALYTICS)).isFalse();
        }

        // lifting the restriction resumes processing
        restricting.api().json("PATCH", "/api/v1/privacy/processing", Map.of("restricted", false));
        long before = pageViews(restricting);
        view(restricting.browser());
        assertThat(pageViews(restricting)).isEqualTo(before + 1);
        assertThat(gate.mayProcess(restricting.org(), restricting.user(), "crews.lead-scoring")).isTrue();
    }

    @Test
    @Tag("claim:DSR-3")
    void aChoiceWithoutAnyFlagIsRefused() {
        Tenant t = Tenant.signUp(port);
        var r = t.api().json("PATCH", "/api/v1/privacy/processing", Map.of());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").has("restricted")).isTrue();
        assertThat(jdbc.sql("select count(*) from privacy_processing_restriction where user_id = ?").param(t.user().value())
                .query(Long.class).single()).isZero();
    }

    @Test
    @Tag("claim:DSR-4")
    void pageViewsAreCountedFirstPartyWithoutAnyoneInThem() {
        Tenant t = Tenant.signUp(port);
        int cookiesBefore = t.browser().setCookieHeaders().size();
        view(t.browser());
        view(t.browser());
        assertThat(pageViews(t)).isEqualTo(2);
        assertThat(t.browser().setCookieHeaders()).hasSize(cookiesBefore);
        var row = jdbc.sql("select * from privacy_usage_event where org_id = ? and kind = 'page_view'").param(t.org().value())
                .query().listOfRows().get(0);
        assertThat(row.keySet()).containsExactlyInAnyOrder("org_id", "day", "kind", "name", "count");
        String all = jdbc.sql("select string_agg(u::text, ' ') from privacy_usage_event u where org_id = ?").param(t.org().value())
                .query(String.class).single();
        assertThat(all).doesNotContain(t.user().toString()).doesNotContain("127.0.0.1")
                .doesNotContain(t.browser().cookies().values().iterator().next());
        // an admin sees the counts of their own organization
        var analytics = t.api().get("/api/v1/privacy/analytics?days=7");
        assertThat(analytics.status()).isEqualTo(200);
        assertThat(analytics.body()).contains(PAGE);
        assertThat(t.api().get("/api/v1/privacy/analytics?days=0").status()).isEqualTo(400);
    }

    @Test
    @Tag("claim:DSR-4")
    void nothingIsRecordedWithDoNotTrackOrGlobalPrivacyControl() {
        Tenant t = Tenant.signUp(port);
        viewWith(t.browser(), "DNT", "1");
        viewWith(t.browser(), "Sec-GPC", "1");
        assertThat(pageViews(t)).isZero();
        view(t.browser());
        assertThat(pageViews(t)).isEqualTo(1);
    }

    @Test
    @Tag("claim:DSR-4")
    void aPersonCanOptOutOfAnalytics() {
        Tenant t = Tenant.signUp(port);
        view(t.browser());
        var form = t.browser().form("/privacy", "/privacy/processing", Map.of("analyticsOptOut", "true"));
        assertThat(form.status()).isEqualTo(302);
        assertThat(form.header("Location")).contains("notice=privacy-choices-saved");
        long before = pageViews(t); // includes the form's own page load, before the choice
        view(t.browser());
        view(t.browser());
        usage.featureUsed(t.org(), t.user(), "probe.opted-out");
        assertThat(pageViews(t)).isEqualTo(before);
        assertThat(features(t, "probe.opted-out")).isZero();
        // opting out of analytics is not a restriction of everything else
        assertThat(gate.mayProcess(t.org(), t.user(), "pilots.run")).isTrue();
        assertThat(t.browser().get("/privacy").body()).contains("id=\"analyticsOptOut\" name=\"analyticsOptOut\" value=\"true\" checked");
    }

    @Test
    @Tag("claim:DSR-6")
    void oneOrganizationsAnalyticsNeverShowAnothers() {
        Tenant a = Tenant.signUp(port);
        Tenant b = Tenant.signUp(port);
        try (Canary canary = Canary.start(database)) {
            String secretFeature = canary.plant("feature-of-b");
            usage.featureUsed(b.org(), b.user(), secretFeature);
            view(a.browser());
            var analyticsA = a.api().get("/api/v1/privacy/analytics?days=90");
            assertThat(analyticsA.body()).contains(PAGE).doesNotContain(secretFeature);
            assertThat(Exports.run(a.api(), true).toString()).doesNotContain(secretFeature).doesNotContain(b.org().toString());
            assertThat(b.api().get("/api/v1/privacy/analytics?days=90").body()).contains(secretFeature);
        }
    }

    private void view(Http browser) {
        assertThat(browser.get(PAGE).status()).isEqualTo(200);
    }

    private void viewWith(Http browser, String header, String value) {
        var r = browser.send(HttpRequest.newBuilder(URI.create(browser.base() + PAGE)).header(header, value).GET());
        assertThat(r.status()).isEqualTo(200);
    }

    private long pageViews(Tenant t) {
        return jdbc.sql("select coalesce(sum(count), 0) from privacy_usage_event where org_id = ? and kind = 'page_view' and name = ?")
                .params(t.org().value(), PAGE).query(Long.class).single();
    }

    private long features(Tenant t, String name) {
        return jdbc.sql("select coalesce(sum(count), 0) from privacy_usage_event where org_id = ? and kind = 'feature' and name = ?")
                .params(t.org().value(), name).query(Long.class).single();
    }
}
