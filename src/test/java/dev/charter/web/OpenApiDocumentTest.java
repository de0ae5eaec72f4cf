package dev.charter.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document declares how to authenticate, gives every operation a summary and describes id records as
 * strings; the answers agree (an id is a plain string, and a plain string is accepted back); producing the document
 * logs no warnings or stack traces.
 */
@CharterTest
class OpenApiDocumentTest {

    @LocalServerPort int port;

    @Test
    void declaresSecuritySummariesAndIdsAsStrings() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        JsonNode doc;
        try {
            var r = new Http(port).get("/v3/api-docs");
            assertThat(r.status()).isEqualTo(200);
            doc = r.json();
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).as("log while building the document")
                .noneMatch(e -> e.getThrowableProxy() != null || e.getFormattedMessage().contains("Conflicting"));

        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path(OpenApiDocument.TOKEN).path("scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.path(OpenApiDocument.COOKIE).path("in").asString()).isEqualTo("cookie");
        assertThat(doc.path("security").toString()).contains(OpenApiDocument.TOKEN).contains(OpenApiDocument.COOKIE);
        assertThat(doc.path("paths").path("/api/v1/auth/signin").path("post").path("security").isEmpty()).isTrue();

        List<String> withoutSummary = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (op.getValue().path("summary").asString("").isBlank()) {
                withoutSummary.add(op.getKey().toUpperCase() + " " + path.getKey());
            }
        }));
        assertThat(doc.path("paths").size()).isGreaterThan(20);
        assertThat(withoutSummary).as("operations without a summary").isEmpty();

        List<String> idObjects = new ArrayList<>();
        doc.path("components").path("schemas").properties().forEach(s -> {
            JsonNode props = s.getValue().path("properties");
            if (s.getKey().endsWith("Id") && !"string".equals(s.getValue().path("type").asString(""))) {
                idObjects.add(s.getKey());
            }
            if (props.size() == 1 && props.has("value") && s.getKey().endsWith("Id")) {
                idObjects.add(s.getKey() + " {value}");
            }
        });
        assertThat(idObjects).as("id schemas that are not strings").isEmpty();
    }

    @Test
    void idsArePlainStringsInAnswersAndAcceptedAsStrings() {
        Tenant t = Tenant.signUp(port);
        JsonNode members = t.api().get("/api/v1/organization/members").json();
        JsonNode first = members.isArray() ? members.get(0) : members.path("members").get(0);
        assertThat(first.get("id").isString()).as(members.toString()).isTrue();
        assertThat(first.get("id").asString()).isEqualTo(t.user().value().toString());

        var connection = t.api().postJson("/api/v1/connections", Map.of("kind", "HTTP_API", "label", "ids",
                "baseUrl", "https://api.example.com", "authScheme", "BEARER", "secret", "s3cret-value-for-ids"));
        if (connection.status() == 201) {
            assertThat(connection.json().get("id").isString()).as(connection.body()).isTrue();
        }
        String body = t.api().get("/api/v1/connections").body();
        assertThat(body).doesNotContain("\"value\":");

        var mapper = tools.jackson.databind.json.JsonMapper.builder().addModule(new IdJsonModule()).build();
        var id = mapper.readValue("\"" + t.org().value() + "\"", dev.charter.shared.OrgId.class);
        assertThat(id).isEqualTo(t.org());
        assertThat(mapper.writeValueAsString(t.org())).isEqualTo("\"" + t.org().value() + "\"");
    }
}
