package dev.charter.reviews.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The parsers' allowlists where a setting or a provider's refusal decides. */
class ParsersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String MAIL = """
            {"id":"m9","snippet":"the body begins","payload":{"headers":[
             {"name":"from","value":"\\"Ana\\" <Ana@Acme.example>"},{"name":"Date","value":"Tue, 6 Oct 2026 10:00:00 +0000"},
             {"name":"Subject","value":"Quarterly plan"},{"name":"Received","value":"from mx.example"}]}}""";

    @Test
    @Tag("claim:REV-1")
    void anEmailSubjectIsKeptOnlyWhereTheOrganizationTurnedItOn() {
        ParsedSignal off = GmailParser.message(JSON.readTree(MAIL), false);
        ParsedSignal on = GmailParser.message(JSON.readTree(MAIL), true);
        assertThat(off.title()).isNull();
        assertThat(on.title()).isEqualTo("Quarterly plan");
        assertThat(off.identity()).isEqualTo("ana@acme.example");
        assertThat(off.facts().toString() + on.facts()).doesNotContain("the body begins").doesNotContain("mx.example");
        assertThat(GmailParser.metadataHeaders(false)).doesNotContain("Subject");
        assertThat(GmailParser.metadataHeaders(true)).contains("Subject");
    }

    @Test
    void slacksRefusalIsAnErrorWithItsCodeOnly() {
        assertThatThrownBy(() -> SlackParser.history("C1", JSON.readTree("{\"ok\":false,\"error\":\"ratelimited\"}")))
                .hasMessageContaining("ratelimited");
    }

    @Test
    void aJiraPageWithoutATokenIsTheLast() {
        var p = JiraParser.search(null, JSON.readTree("{\"issues\":[]}"));
        assertThat(p.last()).isTrue();
        var q = JiraParser.search(null, JSON.readTree("{\"issues\":[],\"nextPageToken\":\"t\",\"isLast\":false}"));
        assertThat(q.last()).isFalse();
        assertThat(q.nextPageToken()).isEqualTo("t");
    }
}
