package dev.charter.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.identity.ServerOperators;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code operators} commands: only existing accounts, idempotent, audited, and listed. */
@CharterTest
class OperatorCommandsTest {

    @LocalServerPort int port;
    @Autowired ConfigurableApplicationContext context;
    @Autowired ServerOperators operators;
    @Autowired DatabaseTarget database;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private AdminCommandLine.Run run(String... args) {
        printed.reset();
        return new AdminCommandLine.Run(List.of(args), new PrintStream(printed, true, StandardCharsets.UTF_8), context);
    }

    private String out() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void addsListsAndRemovesExistingAccountsOnlyAndAuditsEachChange() {
        Tenant t = Tenant.signUp(port);
        JdbcClient db = Owner.jdbc(database);

        assertThat(OperatorCommands.add(run("nobody-" + t.email()))).isEqualTo(2);
        assertThat(out()).contains("No account with the email");
        assertThat(OperatorCommands.add(run())).isEqualTo(2);
        assertThat(out()).contains("Usage");
        assertThat(operators.isOperator(t.user())).isFalse();

        assertThat(OperatorCommands.add(run(t.email().toUpperCase()))).isEqualTo(0);
        assertThat(out()).contains("is now a server operator");
        assertThat(operators.isOperator(t.user())).isTrue();
        assertThat(operators.byEmail(t.email())).get().extracting(o -> o.id()).isEqualTo(t.user());
        assertThat(OperatorCommands.add(run(t.email()))).isEqualTo(0);
        assertThat(out()).contains("already");
        assertThat(OperatorCommands.list(run())).isEqualTo(0);
        assertThat(out()).contains(t.email());

        assertThat(OperatorCommands.remove(run(t.email()))).isEqualTo(0);
        assertThat(out()).contains("no longer a server operator");
        assertThat(operators.isOperator(t.user())).isFalse();
        assertThat(operators.byEmail(t.email())).isEmpty();
        assertThat(OperatorCommands.remove(run(t.email()))).isEqualTo(0);
        assertThat(out()).contains("was not a server operator");

        assertThat(db.sql("select count(*) from audit_event where action in ('identity.operator.added', 'identity.operator.removed') "
                + "and org_id is null and details->>'by' = 'operator' and occurred_at > now() - interval '1 hour'")
                .query(Integer.class).single()).isGreaterThanOrEqualTo(2);
    }
}
