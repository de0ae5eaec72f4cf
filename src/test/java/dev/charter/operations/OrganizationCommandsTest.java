package dev.charter.operations;

import static dev.charter.pilots.PilotFixtures.create;
import static dev.charter.pilots.PilotFixtures.threeSteps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.CharterApplication;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.SecondNode;
import dev.charter.testing.Tenant;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's organization commands, run as the command line runs them (a second Charter without a port on
 * this test's database): {@code export organization ID} writes everything about one organization and nothing of
 * another, {@code erase organization ID} refuses without the right confirmation and then erases the organization
 * and its members everywhere, journals the erasure and saves a receipt that verifies.
 */
@CharterTest
class OrganizationCommandsTest {

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;
    @TempDir Path dir;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    @Test
    void exportThenEraseOneOrganizationLeavesTheOtherWhole() throws Exception {
        String goneCanary = "operator-erased-" + UUID.randomUUID();
        String keptCanary = "operator-kept-" + UUID.randomUUID();
        Tenant gone = Tenant.signUp(port, goneCanary + "@example.test", Tenant.PASSWORD);
        create(gone.api(), threeSteps("Pilot " + goneCanary));
        Tenant kept = Tenant.signUp(port, keptCanary + "@example.test", Tenant.PASSWORD);
        create(kept.api(), threeSteps("Pilot " + keptCanary));
        String id = gone.org().value().toString();
        String name = jdbc.sql("select name from identity_organization where id = ?").param(gone.org().value())
                .query(String.class).single();

        // export: the whole organization (its Pilot and its member's account), none of the other
        Path export = dir.resolve("export.json");
        assertThat(command("export", "organization", id, "--out=" + export)).isZero();
        assertThat(printed()).contains("section identity", "section pilots", "Exported 1 member(s)");
        String exported = Files.readString(export);
        assertThat(exported).contains("Pilot " + goneCanary, goneCanary + "@example.test").doesNotContain(keptCanary);
        JsonNode doc = json.readTree(exported);
        assertThat(doc.get("schema").asString()).isEqualTo("charter.export/v1");
        assertThat(doc.get("requestedBy").asString()).isEqualTo("operator");
        assertThat(doc.get("sections").get("identity").get("members").has(gone.user().value().toString())).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(export))).isEqualTo("rw-------");
        assertThat(command("export", "organization", id, "--out=" + export)).as("never overwrites").isEqualTo(2);

        // erase: a wrong or missing confirmation changes nothing
        assertThat(command("erase", "organization", id)).isEqualTo(2);
        assertThat(printed()).contains("--confirm=\"" + name + "\"");
        assertThat(command("erase", "organization", id, "--confirm=someone else")).isEqualTo(2);
        assertThat(command("erase", "organization", "not-an-id", "--confirm=" + name)).isEqualTo(2);
        assertThat(printed()).contains("Not an organization id");
        assertThat(new DatabaseScan(database).find(goneCanary)).isNotEmpty();

        Path receipt = dir.resolve("receipt.json");
        long journalBefore = journalEntries();
        assertThat(command("erase", "organization", id, "--confirm=" + name, "--receipt=" + receipt)).isZero();
        assertThat(printed()).contains("Erased: 1 account(s) deleted");
        assertThat(new DatabaseScan(database).find(goneCanary)).isEmpty();
        assertThat(new DatabaseScan(database).find(keptCanary)).isNotEmpty();
        assertThat(journalEntries()).as("organization and account journaled for a later restore").isEqualTo(journalBefore + 2);
        JsonNode r = json.readTree(Files.readString(receipt));
        assertThat(r.get("organizationId").asString()).isEqualTo(id);
        assertThat(r.get("remaining").properties()).allSatisfy(e -> assertThat(e.getValue().asLong()).isZero());
        var verified = new dev.charter.testing.Http(port).postJson("/api/v1/privacy/receipts/verify", r);
        assertThat(verified.json().get("valid").asBoolean()).as(verified.body()).isTrue();
        long audit = jdbc.sql("select count(*) from audit_event where action = 'privacy.organization.erased' and details ->> 'by' = 'operator'")
                .query(Long.class).single();
        assertThat(audit).isEqualTo(1);

        assertThat(command("erase", "organization", id, "--confirm=" + name, "--receipt=" + dir.resolve("again.json")))
                .as("a second erasure finds nothing").isEqualTo(2);
        assertThat(printed()).contains("No organization " + id);
    }

    private int command(String... words) {
        buffer.reset();
        List<String> settings = new ArrayList<>(SecondNode.databaseArgs(database));
        settings.add("--spring.profiles.active=test");
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        return AdminCommandLine.run(words, CharterApplication.class, out, settings.toArray(String[]::new));
    }

    private String printed() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private long journalEntries() {
        return jdbc.sql("select count(*) from operations_erasure_journal").query(Long.class).single();
    }
}
