package dev.charter.web.internal;

import static dev.charter.pilots.PilotFixtures.create;
import static dev.charter.pilots.PilotFixtures.threeSteps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Bodies read ahead by {@link BodyDeadlineFilter} reach the application as if read directly: form fields, multipart
 * parts (with the CSRF field among them) and JSON; a body declared larger than the server reads is refused before
 * a byte of it is read.
 */
@CharterTest
class BufferedBodyRequestTest {

    @LocalServerPort int port;
    @Autowired ServerSettings settings;

    @Test
    void aMultipartUploadWithItsCsrfFieldIsReadFromTheBufferedBody() {
        Tenant t = Tenant.signUp(port);
        String id = create(t.api(), threeSteps("Exported")).get("id").asString();
        String document = t.api().get("/api/v1/pilots/" + id + "/export").body();
        Http browser = t.browser();
        String csrf = browser.csrf("/pilots/import");

        String boundary = "----charter" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"document\"\r\n\r\n\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pilot.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + document + "\r\n--" + boundary + "--\r\n";
        var r = browser.send(HttpRequest.newBuilder(URI.create(browser.base() + "/pilots/import"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Origin", browser.base())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.body()).isEqualTo(302);
        assertThat(r.header("Location")).contains("/pilots/").contains("notice=pilot-imported");

        // the same upload without the CSRF field is refused: the field really was read from the parts
        String forged = body.replace(csrf, "not-the-token");
        var refused = browser.send(HttpRequest.newBuilder(URI.create(browser.base() + "/pilots/import"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Origin", browser.base())
                .POST(HttpRequest.BodyPublishers.ofString(forged, StandardCharsets.UTF_8)));
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void aBodyDeclaredLargerThanTheServerReadsIsRefusedWith413BeforeItIsSent() throws Exception {
        long tooMany = settings.maxBodySize().toBytes() + 1;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /hooks/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + tooMany + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            // the server answers at once but may keep the connection open for the body it never reads: read the
            // answer as it comes, up to the end of its problem detail, instead of waiting for a fixed count or EOF
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[1024];
            int n;
            while (!got.toString().contains("}") && (n = in.read(buf)) > 0) {
                got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            String answer = got.toString();
            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json")
                    .contains("this server reads at most " + settings.maxBodySize().toBytes());
        }
    }
}
