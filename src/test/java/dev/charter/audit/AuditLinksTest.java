package dev.charter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.pilots.PilotFixtures;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The audit page's action filter offers the action prefixes this organization's events have, and each
 * event's object links to its page only while it exists in this organization (ACC-3).
 */
@CharterTest
class AuditLinksTest {

    @LocalServerPort int port;
    @Autowired AuditLog audit;

    @Test
    void theActionFilterOffersOnlyThisOrganizationsActionPrefixes() {
        Tenant a = Tenant.signUp(port);
        Tenant b = Tenant.signUp(port);
        assertThat(b.api().postJson("/api/v1/connections", Map.of("kind", "RESEND_API_KEY", "label", "Mail",
                "secret", "re_test_key")).status()).isEqualTo(201);
        String select = select(a.browser().get("/audit").body());
        assertThat(select).contains("<option value=\"\" selected=\"selected\">All actions</option>",
                "value=\"identity\"", "value=\"identity.account\"").doesNotContain("value=\"connectors");
        assertThat(select(b.browser().get("/audit").body())).contains("value=\"connectors\"");

        var chosen = a.browser().get("/audit?action=identity.account");
        assertThat(select(chosen.body())).contains("<option value=\"identity.account\" selected=\"selected\"");
        assertThat(chosen.body()).contains("identity.account.created");
        var typed = select(a.browser().get("/audit?action=identity.account.created").body());
        assertThat(typed).contains("<option value=\"identity.account.created\" selected=\"selected\"");
        var bad = a.browser().get("/audit?action=" + "%3Cscript%3E");
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body()).contains("id=\"action-error\"").doesNotContain("<script>");
    }

    @Test
    @Tag("claim:ACC-3")
    void objectsLinkToTheirPagesOnlyWhileTheyAreThisOrganizations() {
        Tenant a = Tenant.signUp(port);
        Tenant b = Tenant.signUp(port);
        String pilot = PilotFixtures.pilotOf(a);
        String gone = PilotFixtures.pilotOf(a);
        assertThat(a.api().delete("/api/v1/pilots/" + gone).status()).isEqualTo(204);
        String run = a.api().postJson("/api/v1/pilots/" + pilot + "/runs", Map.of()).json().get("run").asString();
        var connection = a.api().postJson("/api/v1/connections", Map.of("kind", "RESEND_API_KEY", "label", "Mail",
                "secret", "re_test_key"));
        assertThat(connection.status()).isEqualTo(201);
        String connectionId = connection.json().get("id").asString();
        String theirs = PilotFixtures.pilotOf(b);
        // an event of A naming B's Pilot: shown as text, never as a link to it
        audit.record(AuditEvent.of(a.org(), null, "pilots.pilot.updated", "pilot:" + theirs));

        String page = a.browser().get("/audit").body();
        assertThat(page).contains("href=\"/pilots/" + pilot + "\"", "href=\"/pilots/runs/" + run + "\"",
                "href=\"/connections#connection-" + connectionId + "\"");
        assertThat(page).contains("data-target=\"pilot:" + gone + "\"").doesNotContain("href=\"/pilots/" + gone + "\"");
        assertThat(page).contains("data-target=\"pilot:" + theirs + "\"").doesNotContain("href=\"/pilots/" + theirs + "\"");
        assertThat(b.browser().get("/audit").body()).doesNotContain(pilot, run, connectionId)
                .contains("href=\"/pilots/" + theirs + "\"");
    }

    private static String select(String body) {
        int at = body.indexOf("<select id=\"action\"");
        assertThat(at).as("the action choice list").isPositive();
        return body.substring(at, body.indexOf("</select>", at));
    }
}
