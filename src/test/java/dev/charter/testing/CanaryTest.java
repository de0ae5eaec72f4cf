package dev.charter.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.storage.DatabaseTarget;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The canary harness finds what it must, and names the exact place. */
@CharterTest
class CanaryTest {

    @Autowired DatabaseTarget database;

    @Test
    void findsACanaryInTextJsonByteaLogsAndOutboundRequestsAndNamesThePlace() {
        JdbcClient owner = Owner.jdbc(database);
        owner.sql("create table canary_probe (id int primary key, note text, doc jsonb, raw bytea, hexed bytea)").update();
        try (Canary canary = Canary.start(database)) {
            String inText = canary.plant("text");
            String inJson = canary.plant("json");
            String inBytes = canary.plant("bytes");
            String inHex = canary.plant("hex");
            String inLog = canary.plant("log");
            String inRequest = canary.plant("request");
            String absent = canary.plant("absent");
            owner.sql("insert into canary_probe values (7, ?, cast(? as jsonb), ?, ?)")
                    .params("before " + inText + " after", "{\"k\": \"" + inJson + "\"}", inBytes.getBytes(StandardCharsets.UTF_8),
                            java.util.HexFormat.of().formatHex(inHex.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8))
                    .update();
            LoggerFactory.getLogger("dev.charter.probe").debug("debug line with {}", inLog);
            OutboundCapture.record(new OutboundCapture.CapturedRequest("POST", "https://api.example.test/v1",
                    Map.of("Authorization", List.of("Bearer " + inRequest)), "{}"));

            assertThat(canary.find(inText)).extracting(Object::toString).containsExactly("canary_probe.note (row id=7)");
            assertThat(canary.find(inJson)).extracting(Object::toString).containsExactly("canary_probe.doc (row id=7)");
            assertThat(canary.find(inBytes)).extracting(Object::toString).containsExactly("canary_probe.raw (row id=7)");
            assertThat(canary.find(inHex)).extracting(Object::toString).containsExactly("canary_probe.hexed (row id=7)");
            assertThat(canary.find(inLog)).singleElement().satisfies(h -> assertThat(h.where()).startsWith("log line "));
            assertThat(canary.find(inRequest)).extracting(Object::toString)
                    .containsExactly("outbound request 1 POST https://api.example.test/v1 (header Authorization)");
            assertThat(canary.find(absent)).isEmpty();
            canary.assertNowhere(absent);
            assertThatThrownBy(() -> canary.assertNowhere(inText, inRequest))
                    .hasMessageContaining("canary_probe.note (row id=7)").hasMessageContaining("header Authorization");
            canary.assertNowhereExcept(java.util.Set.of("canary_probe"), inText);
        } finally {
            owner.sql("drop table canary_probe").update();
        }
    }
}
