package dev.charter.egress;

import dev.charter.egress.internal.codehost.GraphQlDocuments;
import dev.charter.egress.internal.codehost.PktLines;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The code host's rules for one case's session (PRF-5, PRF-7), in GitHub's REST, GraphQL and smart-HTTP shapes.
 * Allowed: reads of the case's repository (REST {@code GET /repos/{owner}/{repo}/…}, GraphQL queries of that
 * repository, git fetches); {@code git push} of refs under {@code refs/heads/charter/case-<id>} only, read from the
 * receive-pack commands (no other ref, no deletion, no tags); opening the case's pull request as a draft from the
 * case branch, then editing its title, body and state, and commenting on it. Everything else is refused: merge,
 * reviews ({@code APPROVE} named as such), ready for review, auto-merge, workflow dispatch, any other repository or
 * administration, and every GraphQL mutation.
 */
public final class CodeHostRules implements ProxyRule {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> PULL_EDIT_FIELDS = Set.of("title", "body", "state");

    private final URI api;
    private final URI git;
    private final String owner;
    private final String repo;
    private final String branch;
    private final CodeHostInstallation app;
    private volatile Integer pullNumber;

    private CodeHostRules(URI api, URI git, String owner, String repo, String caseId, CodeHostInstallation app) {
        this.app = app;
        this.api = Objects.requireNonNull(api);
        this.git = Objects.requireNonNull(git);
        this.owner = owner;
        this.repo = repo;
        if (!caseId.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("a case id has 1 to 64 letters, digits or dashes");
        }
        this.branch = "charter/case-" + caseId;
    }

    /**
     * @param api the REST and GraphQL base ({@code https://api.github.com})
     * @param git the smart-HTTP base ({@code https://github.com})
     */
    public static CodeHostRules forCase(URI api, URI git, String owner, String repo, String caseId) {
        return new CodeHostRules(api, git, owner, repo, caseId, null);
    }

    /**
     * The rules for a case whose requests to the code host carry an installation token of the organization's GitHub
     * App, minted by egress for each kind of request with the least it needs, narrowed to the case's repository
     * (PRF-13). Once {@code app} is no longer active every request to the code host is refused.
     */
    public static CodeHostRules forCase(URI api, URI git, String owner, String repo, String caseId,
                                        CodeHostInstallation app) {
        return new CodeHostRules(api, git, owner, repo, caseId, Objects.requireNonNull(app, "installation"));
    }

    /** Read permissions: the repository's contents and pull requests (metadata comes with every token). */
    static final Map<String, String> READ = Map.of("contents", "read", "metadata", "read", "pull_requests", "read");
    /** A push to the case branch. */
    static final Map<String, String> PUSH = Map.of("contents", "write", "metadata", "read");
    /** Opening and editing the case's pull request, and commenting on it. */
    static final Map<String, String> PULL_WRITE = Map.of("pull_requests", "write", "metadata", "read");

    /**
     * The installation token for a request the rules allowed: for git, basic auth to the git host with contents read
     * (fetch) or write (push); for the API, a bearer token with read permissions for reads and GraphQL queries, or
     * pull requests write for the case's pull request. Null without an App or for a request not to the code host.
     */
    @Override
    public CredentialUse credentialFor(ProxiedRequest r) {
        if (app == null) {
            return null;
        }
        String rel;
        if ((rel = below(git, r.url())) != null && isGitPath(rel)) {
            boolean push = rel.endsWith("/git-receive-pack") || "service=git-receive-pack".equals(r.url().getRawQuery());
            return CredentialUse.githubApp(app.appKey(), mint(push ? PUSH : READ, true), git);
        }
        if ((rel = below(api, r.url())) != null) {
            boolean read = r.method().equals("GET") || r.method().equals("HEAD") || rel.equals("/graphql");
            return CredentialUse.githubApp(app.appKey(), mint(read ? READ : PULL_WRITE, false), api);
        }
        return null;
    }

    @Override
    public void credentialRefused(ProxiedRequest request, String reason) {
        if (app != null) {
            app.ended(reason);
        }
    }

    private GitHubAppMint mint(Map<String, String> permissions, boolean forGit) {
        return new GitHubAppMint(api, app.appId(), app.installationId(), repo, permissions, forGit);
    }

    /** The branch the case's commits go to. */
    public String caseBranch() {
        return branch;
    }

    /** The case's pull request once opened through the proxy, or null. */
    public Integer pullNumber() {
        return pullNumber;
    }

    @Override
    public String refusal(ProxiedRequest r) {
        String raw = r.url().getRawPath() == null ? "" : r.url().getRawPath();
        if (raw.matches("(?i).*(/|%2f)(\\.|%2e){1,2}((/|%2f).*)?$")) {
            return "a path with '.' or '..' segments is refused";
        }
        String rel;
        boolean codeHost = below(git, r.url()) != null || below(api, r.url()) != null;
        if (codeHost && app != null && !app.active()) {
            return "the GitHub App installation " + app.installationId() + " was removed: access to the code host has ended";
        }
        if ((rel = below(git, r.url())) != null && isGitPath(rel)) {
            return gitRefusal(r, rel);
        }
        if ((rel = below(api, r.url())) != null) {
            return apiRefusal(r, rel);
        }
        return null; // not the code host: the session's grants decided
    }

    @Override
    public void answered(ProxiedRequest r, int status, byte[] body) {
        String rel = below(api, r.url());
        if (rel != null && status == 201 && r.method().equals("POST") && rel.equals(repoPath() + "/pulls")) {
            try {
                JsonNode n = JSON.readTree(body);
                if (n.path("number").isIntegralNumber()) {
                    pullNumber = n.path("number").intValue();
                }
            } catch (JacksonException e) {
                // an answer that is not JSON opened nothing the rules need to know
            }
        }
    }

    private String gitRefusal(ProxiedRequest r, String rel) {
        Matcher m = Pattern.compile("/([^/]+)/([^/]+?)(?:\\.git)?/(info/refs|git-upload-pack|git-receive-pack)").matcher(rel);
        if (!m.matches()) {
            return "git over HTTP: only info/refs, git-upload-pack and git-receive-pack of the case's repository";
        }
        if (!m.group(1).equalsIgnoreCase(owner) || !m.group(2).equalsIgnoreCase(repo)) {
            return "git reads and pushes only of the case's repository " + owner + "/" + repo;
        }
        String what = m.group(3);
        if (what.equals("info/refs")) {
            String q = r.url().getRawQuery();
            return r.method().equals("GET") && q != null && q.matches("service=git-(upload|receive)-pack") ? null
                    : "git info/refs: GET with service=git-upload-pack or git-receive-pack only";
        }
        if (!r.method().equals("POST")) {
            return "git " + what + " is POST only";
        }
        if (what.equals("git-upload-pack")) {
            return null;
        }
        try {
            for (PktLines.Command c : PktLines.commands(r.body())) {
                if (c.ref().startsWith("refs/tags/")) {
                    return "pushing tags is refused (" + c.ref() + ")";
                }
                if (!(c.ref().equals("refs/heads/" + branch) || c.ref().startsWith("refs/heads/" + branch + "/")
                        || c.ref().startsWith("refs/heads/" + branch + "-"))) {
                    return "pushes go only to the case's branch refs/heads/" + branch + ", not " + c.ref();
                }
                if (c.deletes()) {
                    return "deleting " + c.ref() + " is refused";
                }
            }
            return null;
        } catch (PktLines.Malformed e) {
            return "the push request is malformed: " + e.getMessage();
        }
    }

    private String apiRefusal(ProxiedRequest r, String rel) {
        String m = r.method();
        String repoPath = repoPath();
        if (rel.equals("/graphql") && m.equals("POST")) {
            try {
                JsonNode n = JSON.readTree(r.body());
                if (!n.path("query").isString()) {
                    return "a GraphQL request needs a query";
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> vars = n.has("variables") && n.get("variables").isObject()
                        ? JSON.convertValue(n.get("variables"), Map.class) : Map.of();
                return GraphQlDocuments.refusal(n.path("query").asString(), vars, owner, repo);
            } catch (JacksonException e) {
                return "a GraphQL request is a JSON object with a query";
            }
        }
        boolean inRepo = rel.toLowerCase(Locale.ROOT).equals(repoPath.toLowerCase(Locale.ROOT))
                || rel.toLowerCase(Locale.ROOT).startsWith(repoPath.toLowerCase(Locale.ROOT) + "/");
        if (m.equals("GET") || m.equals("HEAD")) {
            return inRepo || rel.equals("/rate_limit") ? null
                    : "reads only of the case's repository " + owner + "/" + repo + ", not " + rel;
        }
        if (!inRepo) {
            return "writes only to the case's repository " + owner + "/" + repo + " and only its pull request";
        }
        String sub = rel.substring(repoPath.length());
        if (sub.matches("/pulls/\\d+/merge")) {
            return "merging a pull request is refused: the merge is always the customer's";
        }
        if (sub.matches("/pulls/\\d+/reviews(/.*)?")) {
            String event = field(r, "event");
            return "APPROVE".equalsIgnoreCase(event) ? "approving a pull request (review event APPROVE) is refused"
                    : "reviews are refused: reviewing is the customer's";
        }
        if (sub.contains("/actions/") || sub.equals("/dispatches")) {
            return "workflow dispatch and Actions are refused";
        }
        if (m.equals("POST") && sub.equals("/pulls")) {
            if (pullNumber != null) {
                return "the case already has its pull request #" + pullNumber;
            }
            String head = field(r, "head");
            String headBranch = head == null ? null : head.contains(":") ? head.substring(head.indexOf(':') + 1) : head;
            if (headBranch == null || !(headBranch.equals(branch) || headBranch.startsWith(branch + "/")
                    || headBranch.startsWith(branch + "-"))) {
                return "a pull request may only come from the case's branch " + branch;
            }
            if (!"true".equals(field(r, "draft"))) {
                return "the case's pull request is opened as a draft (draft: true)";
            }
            return null;
        }
        Matcher own = Pattern.compile("/(pulls|issues)/(\\d+)(/comments)?").matcher(sub);
        if (own.matches()) {
            int n = Integer.parseInt(own.group(2));
            if (pullNumber == null || n != pullNumber) {
                return "only the case's own pull request may be changed, not #" + n;
            }
            if (own.group(3) != null) {
                return m.equals("POST") && own.group(1).equals("issues") ? null : "comments are added with POST only";
            }
            if (!m.equals("PATCH") || !own.group(1).equals("pulls")) {
                return "the case's pull request is edited with PATCH only";
            }
            try {
                JsonNode body = JSON.readTree(r.body());
                for (String k : body.propertyNames()) {
                    if (!PULL_EDIT_FIELDS.contains(k)) {
                        return "editing the pull request's " + k + " is refused; title, body and state only";
                    }
                }
                return null;
            } catch (JacksonException | IllegalArgumentException e) {
                return "the edit is a JSON object";
            }
        }
        return "repository administration and other writes are refused (" + m + " " + sub + ")";
    }

    private static String field(ProxiedRequest r, String name) {
        try {
            JsonNode n = JSON.readTree(r.body());
            JsonNode v = n == null ? null : n.get(name);
            return v == null || v.isNull() ? null : v.isString() ? v.asString() : v.toString();
        } catch (JacksonException e) {
            return null;
        }
    }

    private String repoPath() {
        return "/repos/" + owner + "/" + repo;
    }

    private static boolean isGitPath(String rel) {
        return rel.endsWith("/info/refs") || rel.endsWith("/git-upload-pack") || rel.endsWith("/git-receive-pack");
    }

    /** The path of {@code url} relative to {@code base} (same host and port, under its path), or null. */
    private static String below(URI base, URI url) {
        if (!base.getHost().equalsIgnoreCase(url.getHost()) || port(base) != port(url)) {
            return null;
        }
        String bp = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        String p = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (!p.startsWith(bp + "/") && !p.equals(bp)) {
            return null;
        }
        String rel = p.substring(bp.length());
        return java.net.URLDecoder.decode(rel.isEmpty() ? "/" : rel, StandardCharsets.UTF_8);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
