package dev.charter.perfcases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.identity.ServerOperators;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PRF-12: a server operator sees an organization's case only through a support grant its admin gave: that one case,
 * until the grant ends or is revoked, each read in the organization's audit log naming the operator and the grant.
 * The canary is the case's title: without an active grant it appears in none of the operator's answers.
 */
@CharterTest
@Tag("claim:PRF-12")
class SupportAccessTest {

    @LocalServerPort int port;
    @Autowired ServerOperators operators;
    @Autowired DatabaseTarget database;

    @Test
    void anOperatorSeesOnlyTheGrantedCaseWhileTheGrantLastsAndEveryReadIsAudited() {
        Tenant customer = Tenant.signUp(port);
        Tenant otherCustomer = Tenant.signUp(port);
        Tenant operator = Tenant.signUp(port);
        Tenant notAnOperator = Tenant.signUp(port);
        operators.add(operator.email());
        JdbcClient db = Owner.jdbc(database);
        String canary = "cnry-support-case-" + UUID.randomUUID();
        UUID granted = newCase(customer, canary);
        UUID sibling = newCase(customer, canary + "-sibling");
        UUID elsewhere = newCase(otherCustomer, canary + "-elsewhere");

        // without a grant: 404 on the operator's route and on the organization's own routes, nothing listed
        assertNothingVisible(operator, canary, granted, sibling, elsewhere);
        assertThat(db.sql("select count(*) from audit_event where action like 'perfcases.support.%' and org_id = ?")
                .param(customer.org().value()).query(Integer.class).single()).isZero();

        // refused whole: an account that is not a server operator, a duration beyond the bound, no reason
        assertRefused(customer, granted, Map.of("operatorEmail", notAnOperator.email(), "reason", "help"), "operatorEmail");
        assertRefused(customer, granted, Map.of("operatorEmail", operator.email(), "duration", "PT25H", "reason", "help"), "duration");
        assertRefused(customer, granted, Map.of("operatorEmail", operator.email(), "duration", "soon", "reason", "help"), "duration");
        assertRefused(customer, granted, Map.of("operatorEmail", operator.email()), "reason");
        assertThat(grants(db, granted)).isZero();
        // another organization cannot grant on this case
        assertThat(otherCustomer.api().postJson(grantPath(granted), Map.of("operatorEmail", operator.email(), "reason", "x"))
                .status()).isEqualTo(404);

        // with a grant: that case, and only that case
        Http.Response g = customer.api().postJson(grantPath(granted),
                Map.of("operatorEmail", operator.email(), "duration", "PT1H", "reason", "Slow checkout after 2.4"));
        assertThat(g.status()).as(g.body()).isEqualTo(201);
        String grantId = g.json().get("id").asString();
        assertThat(g.json().get("active").asBoolean()).isTrue();
        Http.Response read = operator.api().get("/api/v1/perfcases/support/cases/" + granted);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).contains(canary);
        operator.api().get("/api/v1/perfcases/support/cases/" + granted);
        Http.Response list = operator.api().get("/api/v1/perfcases/support/cases");
        assertThat(list.json().size()).isEqualTo(1);
        assertThat(list.json().get(0).get("caseId").asString()).isEqualTo(granted.toString());
        assertThat(operator.browser().get("/perfcases/support").body()).contains(canary);
        for (UUID other : new UUID[] {sibling, elsewhere}) {
            Http.Response r = operator.api().get("/api/v1/perfcases/support/cases/" + other);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).doesNotContain(canary);
        }
        // the operator's own organization's routes still know nothing of the case
        assertThat(operator.api().get("/api/v1/perfcases/cases/" + granted).status()).isEqualTo(404);
        // a member of another organization who is not an operator gets nothing, even naming the case
        assertThat(notAnOperator.api().get("/api/v1/perfcases/support/cases/" + granted).status()).isEqualTo(404);

        // every read (two) and the listing are in the customer's audit log, naming the operator and the grant
        assertThat(audited(db, customer, "perfcases.support.case-read", grantId, operator)).isEqualTo(2);
        assertThat(audited(db, customer, "perfcases.support.listed", grantId, operator)).isEqualTo(2);
        assertThat(audited(db, customer, "perfcases.support.granted", grantId, operator)).isEqualTo(1);
        assertThat(db.sql("select count(*) from audit_event where action like 'perfcases.support.%' and org_id <> ? "
                        + "and details->>'grant' = ?").params(customer.org().value(), grantId).query(Integer.class).single())
                .isZero();

        // revoked: nothing at once
        Http.Response revoked = customer.api().postJson(grantPath(granted) + "/" + grantId + "/revoke", Map.of());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("active").asBoolean()).isFalse();
        assertNothingVisible(operator, canary, granted, sibling, elsewhere);
        assertThat(audited(db, customer, "perfcases.support.revoked", grantId, operator)).isEqualTo(1);
        assertThat(audited(db, customer, "perfcases.support.case-read", grantId, operator)).isEqualTo(2);

        // expired: nothing (the grant's end moved into the past, as time would)
        String second = customer.api().postJson(grantPath(granted),
                Map.of("operatorEmail", operator.email(), "duration", "PT5M", "reason", "Another look")).json().get("id").asString();
        assertThat(operator.api().get("/api/v1/perfcases/support/cases/" + granted).status()).isEqualTo(200);
        Instant past = Instant.now().minusSeconds(3600);
        db.sql("update perfcases_support_grant set granted_at = ?, expires_at = ? where id = ?::uuid")
                .params(Timestamp.from(past.minusSeconds(60)), Timestamp.from(past), second).update();
        assertNothingVisible(operator, canary, granted, sibling, elsewhere);

        // an operator removed from the server's operators loses a live grant at once
        customer.api().postJson(grantPath(granted), Map.of("operatorEmail", operator.email(), "reason", "Third look"));
        assertThat(operator.api().get("/api/v1/perfcases/support/cases/" + granted).status()).isEqualTo(200);
        operators.remove(operator.email());
        assertNothingVisible(operator, canary, granted, sibling, elsewhere);
    }

    @Test
    void theAdminGrantsAndRevokesOnTheCasePage() {
        Tenant customer = Tenant.signUp(port);
        Tenant operator = Tenant.signUp(port);
        operators.add(operator.email());
        UUID c = newCase(customer, "cnry-page-case-" + UUID.randomUUID());
        String page = "/perfcases/cases/" + c;
        assertThat(customer.browser().get(page).body()).contains("Support access", "pc-support-form");

        Http.Response bad = customer.browser().form(page, grantPath(c).replace("/api/v1", ""),
                Map.of("operatorEmail", "nobody@example.test", "duration", "PT4H", "reason", "help"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Name the email address of one of this server");

        Http.Response ok = customer.browser().form(page, page + "/support-grants",
                Map.of("operatorEmail", operator.email(), "duration", "PT4H", "reason", "Page grant"));
        assertThat(ok.status()).isEqualTo(302);
        assertThat(customer.browser().get(page).body()).contains(operator.email(), "Page grant", "active");
        String grantId = customer.api().get("/api/v1/perfcases/cases/" + c + "/support-grants").json().get(0).get("id").asString();
        assertThat(operator.browser().get("/perfcases/support/cases/" + c).status()).isEqualTo(200);

        Http.Response revoke = customer.browser().form(page, page + "/support-grants/" + grantId + "/revoke", Map.of());
        assertThat(revoke.status()).isEqualTo(302);
        assertThat(operator.browser().get("/perfcases/support/cases/" + c).status()).isEqualTo(404);
        assertThat(customer.browser().get(page).body()).contains("revoked");
        operators.remove(operator.email());
    }

    private void assertNothingVisible(Tenant operator, String canary, UUID... cases) {
        for (UUID c : cases) {
            for (String path : new String[] {"/api/v1/perfcases/support/cases/" + c, "/api/v1/perfcases/cases/" + c}) {
                Http.Response r = operator.api().get(path);
                assertThat(r.status()).as(path).isEqualTo(404);
                assertThat(r.body()).doesNotContain(canary);
            }
            assertThat(operator.browser().get("/perfcases/support/cases/" + c).status()).isEqualTo(404);
        }
        Http.Response list = operator.api().get("/api/v1/perfcases/support/cases");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().size()).isZero();
        assertThat(operator.browser().get("/perfcases/support").body()).doesNotContain(canary);
        assertThat(operator.api().get("/api/v1/perfcases/cases").body()).doesNotContain(canary);
    }

    private static void assertRefused(Tenant admin, UUID caseId, Map<String, String> body, String field) {
        Http.Response r = admin.api().postJson(grantPath(caseId), body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains(field);
    }

    private static String grantPath(UUID caseId) {
        return "/api/v1/perfcases/cases/" + caseId + "/support-grants";
    }

    private static int grants(JdbcClient db, UUID caseId) {
        return db.sql("select count(*) from perfcases_support_grant where case_id = ?").param(caseId).query(Integer.class).single();
    }

    private static int audited(JdbcClient db, Tenant org, String action, String grantId, Tenant operator) {
        return db.sql("""
                select count(*) from audit_event where org_id = ? and action = ? and details->>'grant' = ?
                    and details->>'operator' = ?""")
                .params(org.org().value(), action, grantId, operator.user().value().toString()).query(Integer.class).single();
    }

    private UUID newCase(Tenant t, String title) {
        Http.Response r = t.api().postJson("/api/v1/perfcases/connections", Map.of("kind", "PROMETHEUS", "label", "support",
                "baseUrl", "http://127.0.0.1:9", "detection", Map.of("checkEvery", "PT24H")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        UUID id = UUID.randomUUID();
        Owner.jdbc(database).sql("""
                insert into perfcases_case (id, org_id, connection_id, service, metric, baseline_version, candidate_version,
                    origin, status, title, opened_at) values (?, ?, ?::uuid, 'checkout', 'LATENCY_P95', '2.3', '2.4', 'DETECTED',
                    'OPEN', ?, now())""")
                .params(id, t.org().value(), r.json().get("id").asString(), title).update();
        return id;
    }
}
