package dev.charter.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Tenant;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * IMAP server connections through the API: host, port and security are kept beside the connection, the password only
 * in the vault; the live check goes through the egress gateway, whose policy allows only IMAP ports to the
 * connection's host, so a server on any other port is refused before a byte is sent.
 */
@CharterTest
class ImapConnectionTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget target;

    static Map<String, Object> imap(String host, Integer port, String security, String password, boolean verify) {
        Map<String, Object> c = new HashMap<>();
        c.put("kind", "IMAP_SERVER");
        c.put("label", "Support inbox");
        c.put("host", host);
        if (port != null) {
            c.put("port", port);
        }
        if (security != null) {
            c.put("security", security);
        }
        c.put("username", "support");
        c.put("secret", password);
        c.put("verify", verify);
        return c;
    }

    @Test
    void storesTheServerAndKeepsThePasswordInTheVault() throws Exception {
        Tenant t = Tenant.signUp(port);
        String password = "imap-pw-" + java.util.UUID.randomUUID();
        var created = t.api().postJson("/api/v1/connections", imap("imap.shop.example", null, null, password, false));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("kind").asString()).isEqualTo("IMAP_SERVER");
        assertThat(created.json().get("imapHost").asString()).isEqualTo("imap.shop.example");
        assertThat(created.json().get("imapPort").asInt()).isEqualTo(993);
        assertThat(created.json().get("imapSecurity").asString()).isEqualTo("TLS");
        assertThat(created.json().get("baseUrl").asString()).isEqualTo("imaps://imap.shop.example:993");
        assertThat(created.body()).doesNotContain(password);
        assertThat(jdbc.sql("select imap_security from connectors_connection where id = ?::uuid")
                .param(created.json().get("id").asString()).query(String.class).single()).isEqualTo("TLS");
        assertThat(new DatabaseScan(target).find(password)).isEmpty();

        var startTls = t.api().postJson("/api/v1/connections", imap("imap.shop.example", null, "STARTTLS", password, false));
        assertThat(startTls.json().get("imapPort").asInt()).isEqualTo(143);
    }

    @Test
    void refusesPlainImapToAPublicHostAndABadHostWhole() {
        Tenant t = Tenant.signUp(port);
        var plain = t.api().postJson("/api/v1/connections", imap("imap.shop.example", 143, "PLAIN", "pw", false));
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.body()).contains("Use TLS or STARTTLS");
        var bad = t.api().postJson("/api/v1/connections", imap("not a host", null, null, "pw", false));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("IMAP server's host name");
        assertThat(t.api().get("/api/v1/connections").body()).doesNotContain("IMAP_SERVER");
    }

    @Test
    void theLiveCheckGoesThroughTheEgressPolicy() throws Exception {
        Tenant t = Tenant.signUp(port);
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            var created = t.api().postJson("/api/v1/connections",
                    imap("127.0.0.1", listener.getLocalPort(), "TLS", "pw-not-sent", true));
            // the connection is not saved, and nothing reached the listener: the port is not an IMAP port
            assertThat(created.status()).as(created.body()).isIn(400, 422);
            assertThat(created.body()).contains("egress gateway refused").doesNotContain("pw-not-sent");
            listener.setSoTimeout(200);
            try {
                listener.accept().close();
                throw new AssertionError("the check connected to a port its policy does not allow");
            } catch (java.net.SocketTimeoutException expected) {
                // nothing connected
            }
        }
    }
}
