package dev.charter.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.charter.connectors.AuthScheme;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.NewConnection;
import dev.charter.shared.InvalidInputException;
import dev.charter.vault.SecretValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A base URL's problem says what this server accepts: https, and http only for the hosts allowed for development. */
class ConnectionUrlMessagesTest {

    private static String baseUrlError(List<String> httpHosts, String baseUrl) {
        var requests = new ConnectionRequests(new ConnectorsSettings(httpHosts, "https://api.resend.com", "https://api.anthropic.com"));
        var e = catchThrowableOfType(InvalidInputException.class, () -> requests.check(new NewConnection(ConnectionKind.HTTP_API,
                "API", baseUrl, AuthScheme.BEARER, null, null, SecretValue.of("tok"), null, null, null, List.of(), null)));
        assertThat(e).as(baseUrl).isNotNull();
        return e.fieldErrors().get("baseUrl");
    }

    @Test
    void withoutAllowedHostsOnlyHttpsIsOffered() {
        assertThat(baseUrlError(List.of(), "ftp://files.example")).contains("https://").doesNotContain("http://");
        assertThat(baseUrlError(List.of(""), "http://api.example")).startsWith("Use https").endsWith("network.");
    }

    @Test
    void withAllowedHostsTheMessageNamesThem() {
        assertThat(baseUrlError(List.of("localhost", "127.0.0.1"), "ftp://files.example"))
                .contains("https://", "http:// for localhost, 127.0.0.1");
        assertThat(baseUrlError(List.of("localhost"), "")).contains("http:// for localhost");
        assertThat(baseUrlError(List.of("localhost"), "http://api.example"))
                .contains("only for localhost").doesNotContain("api.example");
    }
}
