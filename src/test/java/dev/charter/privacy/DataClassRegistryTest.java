package dev.charter.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Owner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * RET-1: every kind of stored data is declared once (every table and column of the database is
 * covered, and no declaration names something that does not exist), account and organization
 * rules hold through cascading foreign keys, and the public contract is generated from the
 * same declarations.
 */
@CharterTest
class DataClassRegistryTest {

    @LocalServerPort int port;
    @Autowired DataContract contract;
    @Autowired DatabaseTarget database;

    @Test
    @Tag("claim:RET-1")
    void everyTableAndColumnInTheDatabaseIsDeclaredAndEveryDeclarationExists() {
        assertThat(SchemaCoverage.problems(Owner.jdbc(database), contract.dataClasses())).isEmpty();
    }

    @Test
    @Tag("claim:RET-1")
    void anUndeclaredTableOrColumnOrAMissingOneIsNamed() {
        JdbcClient owner = Owner.jdbc(database);
        owner.sql("create table privacy_probe_undeclared (id uuid primary key, note text)").update();
        owner.sql("alter table privacy_usage_event add column probe_extra text").update();
        try {
            var declared = new java.util.ArrayList<>(contract.dataClasses());
            declared.add(DataClass.of("privacy.probe", "privacy_probe_missing").columns("id").holds("x").purpose("x")
                    .basis(LegalBasis.OPERATIONAL).retention(new RetentionRule.Operational("probe")).build());
            declared.add(DataClass.of("privacy.probe-column", "identity_user").columns("no_such_column").holds("x").purpose("x")
                    .basis(LegalBasis.OPERATIONAL).retention(new RetentionRule.Operational("probe")).build());
            assertThat(SchemaCoverage.problems(owner, declared)).containsExactlyInAnyOrder(
                    "table privacy_probe_undeclared is not declared by any data class; declare it in its module's DataClasses bean",
                    "column privacy_usage_event.probe_extra is not declared by any data class of table privacy_usage_event",
                    "data class privacy.probe names table privacy_probe_missing, which does not exist",
                    "data class privacy.probe-column names column identity_user.no_such_column, which does not exist");
        } finally {
            owner.sql("alter table privacy_usage_event drop column probe_extra").update();
            owner.sql("drop table privacy_probe_undeclared").update();
        }
    }

    @Test
    @Tag("claim:RET-1")
    @Tag("claim:RET-3")
    void accountAndOrganizationRulesHoldThroughCascadingForeignKeys() {
        JdbcClient owner = Owner.jdbc(database);
        for (DataClass c : contract.dataClasses()) {
            if (c.retention() instanceof RetentionRule.WhileAccountActive && !c.table().equals("identity_user")) {
                assertThat(cascades(owner, c.table(), c.personColumn(), "identity_user"))
                        .as("%s (%s) is kept while the account is active: %s.%s must reference identity_user on delete cascade",
                                c.name(), c.table(), c.table(), c.personColumn()).isTrue();
            }
            if (c.retention() instanceof RetentionRule.WithParent w) {
                assertThat(cascades(owner, c.table(), w.column(), w.parentTable()))
                        .as("%s lives as long as its parent: %s.%s must reference %s on delete cascade",
                                c.name(), c.table(), w.column(), w.parentTable()).isTrue();
            }
            if (c.orgColumn() != null && c.erased() && !c.table().equals("identity_organization")) {
                assertThat(cascades(owner, c.table(), c.orgColumn(), "identity_organization"))
                        .as("%s goes with its organization: %s.%s must reference identity_organization on delete cascade",
                                c.name(), c.table(), c.orgColumn()).isTrue();
            }
        }
    }

    @Test
    @Tag("claim:RET-1")
    void theDataContractPageAndJsonAreGeneratedFromTheRegistryAndPublic() {
        Http anonymous = new Http(port);
        var json = anonymous.get("/api/v1/privacy/contract");
        assertThat(json.status()).isEqualTo(200);
        var page = anonymous.get("/privacy/contract");
        assertThat(page.status()).isEqualTo(200);
        List<String> names = json.json().get("dataClasses").values().stream().map(n -> n.get("name").asString()).toList();
        assertThat(names).containsExactlyElementsOf(contract.dataClasses().stream().map(DataClass::name).toList());
        for (DataClass c : contract.dataClasses()) {
            assertThat(page.body()).contains(c.name()).contains(c.table());
            assertThat(page.body()).contains(org.springframework.web.util.HtmlUtils.htmlEscape(c.retention().describe()));
            var entry = json.json().get("dataClasses").values().stream().filter(n -> n.get("name").asString().equals(c.name()))
                    .findFirst().orElseThrow();
            assertThat(entry.get("retention").asString()).isEqualTo(c.retention().describe());
            assertThat(entry.get("purpose").asString()).isEqualTo(c.purpose());
            assertThat(entry.get("legalBasis").asString()).isEqualTo(c.legalBasis().name());
        }
        assertThat(contract.dataClass("privacy.usage-counts").orElseThrow().retention().describe()).isEqualTo("90 days");
        assertThat(contract.dataClass("privacy.billing-records").orElseThrow().retention().describe()).isEqualTo("7 years");
        assertThat(contract.dataClass("identity.users").orElseThrow().retention().describe()).isEqualTo("while the account is active");
        assertThat(contract.dataClass("audit.events").orElseThrow().retention().describe()).startsWith("13 months minimum");
    }

    @Test
    @Tag("claim:DSR-6")
    void theContractStatesThatCustomerDataNeverTrainsModelsNorCrossesTenants() {
        var json = new Http(port).get("/api/v1/privacy/contract").json();
        String commitments = json.get("commitments").toString();
        assertThat(commitments).contains("never used to train").contains("never crosses organizations");
        assertThat(new Http(port).get("/privacy/contract").body()).contains("never used to train");
    }

    private static boolean cascades(JdbcClient owner, String table, String column, String referenced) {
        if (column == null) {
            return false;
        }
        return owner.sql("""
                select exists (select 1 from pg_constraint k
                  join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any(k.conkey)
                  where k.contype = 'f' and k.conrelid = ('public.' || quote_ident(:t))::regclass
                    and k.confrelid = ('public.' || quote_ident(:r))::regclass
                    and a.attname = :c and k.confdeltype = 'c')""")
                .params(Map.of("t", table, "r", referenced, "c", column)).query(Boolean.class).single();
    }
}
