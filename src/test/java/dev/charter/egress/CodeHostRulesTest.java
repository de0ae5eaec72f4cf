package dev.charter.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PRF-5 and PRF-7: on the code host the session may read its case's repository, push only to the case branch and
 * open and edit only the case's draft pull request; merge, approve, ready for review, auto-merge, workflow dispatch
 * and administration are refused over REST and GraphQL, the GraphQL document judged parsed, not as text.
 */
@Tag("claim:PRF-5")
@Tag("claim:PRF-7")
class CodeHostRulesTest {

    static final URI API = URI.create("https://api.github.com");
    static final URI GIT = URI.create("https://github.com");
    static final String OLD = "1".repeat(40);
    static final String NEW = "2".repeat(40);
    static final String ZERO = "0".repeat(40);

    final CodeHostRules rules = CodeHostRules.forCase(API, GIT, "acme", "shop", "42");

    static ProxiedRequest req(String method, String url, String body) {
        return new ProxiedRequest("s1", method, URI.create(url), List.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] push(String... commands) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        boolean first = true;
        for (String c : commands) {
            String line = c + (first ? "\0report-status side-band-64k" : "") + "\n";
            first = false;
            b.writeBytes(String.format("%04x", line.length() + 4).getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        }
        b.writeBytes("0000PACK....".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    String pushRefusal(String... commands) {
        return rules.refusal(new ProxiedRequest("s1", "POST", URI.create("https://github.com/acme/shop.git/git-receive-pack"),
                List.of(), push(commands)));
    }

    @Test
    void pushesGoOnlyToTheCaseBranchWithoutDeletionsOrTags() {
        assertThat(pushRefusal(OLD + " " + NEW + " refs/heads/charter/case-42")).isNull();
        assertThat(pushRefusal(ZERO + " " + NEW + " refs/heads/charter/case-42-fix")).isNull();
        assertThat(pushRefusal(OLD + " " + NEW + " refs/heads/main")).contains("only to the case's branch");
        assertThat(pushRefusal(OLD + " " + NEW + " refs/heads/charter/case-42", OLD + " " + NEW + " refs/heads/main"))
                .contains("refs/heads/main");
        assertThat(pushRefusal(OLD + " " + NEW + " refs/heads/charter/case-421")).isNotNull();
        assertThat(pushRefusal(OLD + " " + ZERO + " refs/heads/charter/case-42")).contains("deleting");
        assertThat(pushRefusal(OLD + " " + ZERO + " refs/heads/feature")).isNotNull();
        assertThat(pushRefusal(ZERO + " " + NEW + " refs/tags/v1")).contains("tags");
        assertThat(rules.refusal(new ProxiedRequest("s1", "POST", URI.create("https://github.com/acme/shop.git/git-receive-pack"),
                List.of(), "zzzz".getBytes(StandardCharsets.US_ASCII)))).contains("malformed");
        assertThat(rules.refusal(new ProxiedRequest("s1", "POST", URI.create("https://github.com/acme/other.git/git-receive-pack"),
                List.of(), push(OLD + " " + NEW + " refs/heads/charter/case-42")))).contains("only of the case's repository");
    }

    @Test
    void readsAreOfTheCasesRepositoryOnly() {
        assertThat(rules.refusal(req("GET", "https://github.com/acme/shop.git/info/refs?service=git-upload-pack", ""))).isNull();
        assertThat(rules.refusal(req("POST", "https://github.com/acme/shop.git/git-upload-pack", "0000"))).isNull();
        assertThat(rules.refusal(req("GET", "https://api.github.com/repos/acme/shop/commits", ""))).isNull();
        assertThat(rules.refusal(req("GET", "https://api.github.com/repos/acme/other/commits", ""))).contains("reads only");
        assertThat(rules.refusal(req("GET", "https://api.github.com/repos/acme/shop/../other/commits", ""))).isNotNull();
        assertThat(rules.refusal(req("GET", "https://api.github.com/user/repos", ""))).contains("reads only");
        assertThat(rules.refusal(req("GET", "https://github.com/acme/other.git/info/refs?service=git-upload-pack", "")))
                .isNotNull();
    }

    @Test
    void onlyTheCasesDraftPullRequestIsOpenedAndEdited() {
        String pulls = "https://api.github.com/repos/acme/shop/pulls";
        assertThat(rules.refusal(req("POST", pulls, "{\"head\":\"charter/case-42\",\"base\":\"main\",\"title\":\"t\"}")))
                .contains("draft");
        assertThat(rules.refusal(req("POST", pulls, "{\"head\":\"feature\",\"base\":\"main\",\"draft\":true}")))
                .contains("case's branch");
        assertThat(rules.refusal(req("POST", "https://api.github.com/repos/acme/other/pulls",
                "{\"head\":\"charter/case-42\",\"base\":\"main\",\"draft\":true}"))).contains("case's repository");
        ProxiedRequest open = req("POST", pulls, "{\"head\":\"acme:charter/case-42\",\"base\":\"main\",\"draft\":true}");
        assertThat(rules.refusal(open)).isNull();
        assertThat(rules.refusal(req("PATCH", pulls + "/7", "{\"title\":\"x\"}"))).contains("own pull request");
        rules.answered(open, 201, "{\"number\":7,\"draft\":true}".getBytes(StandardCharsets.UTF_8));
        assertThat(rules.pullNumber()).isEqualTo(7);
        assertThat(rules.refusal(open)).contains("already has its pull request #7");
        assertThat(rules.refusal(req("PATCH", pulls + "/7", "{\"title\":\"x\",\"body\":\"y\"}"))).isNull();
        assertThat(rules.refusal(req("PATCH", pulls + "/7", "{\"base\":\"release\"}"))).contains("base");
        assertThat(rules.refusal(req("PATCH", pulls + "/7", "{\"draft\":false}"))).contains("draft");
        assertThat(rules.refusal(req("PATCH", pulls + "/8", "{\"title\":\"x\"}"))).contains("not #8");
        assertThat(rules.refusal(req("POST", "https://api.github.com/repos/acme/shop/issues/7/comments", "{\"body\":\"b\"}"))).isNull();
        assertThat(rules.refusal(req("POST", "https://api.github.com/repos/acme/shop/issues/9/comments", "{\"body\":\"b\"}")))
                .isNotNull();
    }

    @Test
    void mergeApproveDispatchAndAdministrationAreRefusedOverRest() {
        rules.answered(req("POST", "https://api.github.com/repos/acme/shop/pulls", "{}"), 201, "{\"number\":7}".getBytes());
        assertThat(rules.refusal(req("PUT", "https://api.github.com/repos/acme/shop/pulls/7/merge", "{}"))).contains("merg");
        assertThat(rules.refusal(req("POST", "https://api.github.com/repos/acme/shop/pulls/7/reviews", "{\"event\":\"APPROVE\"}")))
                .contains("APPROVE");
        assertThat(rules.refusal(req("POST", "https://api.github.com/repos/acme/shop/pulls/7/reviews/3/events",
                "{\"event\":\"APPROVE\"}"))).contains("APPROVE");
        assertThat(rules.refusal(req("POST", "https://api.github.com/repos/acme/shop/actions/workflows/ci.yml/dispatches",
                "{\"ref\":\"main\"}"))).contains("workflow dispatch");
        assertThat(rules.refusal(req("PATCH", "https://api.github.com/repos/acme/shop", "{\"default_branch\":\"x\"}")))
                .contains("administration");
        assertThat(rules.refusal(req("DELETE", "https://api.github.com/repos/acme/shop", ""))).contains("administration");
        assertThat(rules.refusal(req("PUT", "https://api.github.com/repos/acme/shop/collaborators/mallory", "{}")))
                .contains("administration");
        assertThat(rules.refusal(req("DELETE", "https://api.github.com/repos/acme/shop/git/refs/heads/main", "")))
                .contains("administration");
        assertThat(rules.refusal(req("POST", "https://api.github.com/repos/acme/shop/hooks", "{}"))).contains("administration");
    }

    static String gql(String query) {
        return "{\"query\":" + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(query) + "}";
    }

    @Test
    void graphQlIsJudgedOnTheParsedDocument() {
        String api = "https://api.github.com/graphql";
        assertThat(rules.refusal(req("POST", api, gql("mutation { mergePullRequest(input:{pullRequestId:\"PR_1\"}) { clientMutationId } }"))))
                .contains("mutation").contains("mergePullRequest");
        assertThat(rules.refusal(req("POST", api, gql("mutation M { a: addPullRequestReview(input:{pullRequestId:\"PR_1\", event: APPROVE}) { clientMutationId } }"))))
                .contains("addPullRequestReview");
        assertThat(rules.refusal(req("POST", api, gql("mutation{markPullRequestReadyForReview(input:{pullRequestId:\"PR_1\"}){clientMutationId}}"))))
                .contains("markPullRequestReadyForReview");
        assertThat(rules.refusal(req("POST", api, gql("# harmless\nmutation\n{ enablePullRequestAutoMerge(input:{pullRequestId:\"PR_1\"}) { clientMutationId } }"))))
                .contains("enablePullRequestAutoMerge");
        assertThat(rules.refusal(req("POST", api, gql("query { repository(owner:\"acme\", name:\"other\") { id } }"))))
                .contains("only of the case's repository");
        assertThat(rules.refusal(req("POST", api, gql("{ viewer { login } }")))).contains("viewer");
        assertThat(rules.refusal(req("POST", api, gql("{ repository(owner: \"acme\" ")))).contains("does not parse");
        // text that merely mentions a mutation is a read: a pattern match on the text would refuse it
        assertThat(rules.refusal(req("POST", api, gql("# mergePullRequest\nquery Q($o: String!) { repository(owner: $o, name: \"shop\") "
                + "{ pullRequests(first: 1) { nodes { title } } } }").replace("}\"}", "}\",\"variables\":{\"o\":\"acme\"}}")))).isNull();
    }
}
