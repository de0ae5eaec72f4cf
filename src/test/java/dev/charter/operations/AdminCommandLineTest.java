package dev.charter.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.CharterApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The admin command line's words, without starting Charter: help, unknown commands, per-command help. */
class AdminCommandLineTest {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    private String printed() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(AdminCommandLine.run(new String[] {"help"}, CharterApplication.class, out)).isZero();
        assertThat(printed()).contains("backup", "backups list", "restore FILE --yes", "audit verify", "keys rotate", "keys show-public");
    }

    @Test
    void anUnknownCommandSaysSoAndExitsTwo() {
        assertThat(AdminCommandLine.wants(new String[] {"backup"})).isTrue();
        assertThat(AdminCommandLine.wants(new String[] {"--server.port=9000"})).isFalse();
        assertThat(AdminCommandLine.wants(new String[] {})).isFalse();
        assertThat(AdminCommandLine.run(new String[] {"audit", "fix"}, CharterApplication.class, out)).isEqualTo(2);
        assertThat(printed()).contains("Unknown command: audit fix").contains("Usage");
    }

    @Test
    void eachCommandExplainsItself() {
        assertThat(AdminCommandLine.run(new String[] {"restore", "--help"}, CharterApplication.class, out)).isZero();
        assertThat(printed()).contains("restore FILE --yes").contains("Stop every Charter node");
    }

    @Test
    void auditVerifyStartsCharterWithoutAPortAndReportsTheVerdict() {
        // the embedded test server on its own throw-away folder: a whole Charter, started and stopped by the command
        String[] settings = {"--spring.profiles.active=test", "--charter.data-dir=target/test-data-command-line"};
        int status = AdminCommandLine.run(new String[] {"audit", "verify"}, CharterApplication.class, out, settings);
        assertThat(printed()).contains("Starting Charter without its web server").contains("Intact:");
        assertThat(status).isZero();
    }

    @Test
    void theOfflineBundleCheckNeedsNoDatabase() {
        assertThat(AdminCommandLine.run(new String[] {"audit", "verify-bundle", "no-such-bundle.json"}, CharterApplication.class, out))
                .isEqualTo(2);
        assertThat(printed()).doesNotContain("Starting Charter");
    }
}
