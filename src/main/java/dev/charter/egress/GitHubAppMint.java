package dev.charter.egress;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One installation token a GitHub App may have minted for a request: which installation, the one repository it is
 * narrowed to, the permissions it carries, and whether it goes to git's smart HTTP (as basic auth
 * {@code x-access-token:<token>}) or to the REST/GraphQL API (as a bearer token). Holds no secret.
 *
 * @param api            the REST base ({@code https://api.github.com}); the token endpoint is
 *                       {@code <api>/app/installations/<installationId>/access_tokens}
 * @param appId          the App's id, the JWT's {@code iss}
 * @param installationId the installation on the customer's account
 * @param repository     the repository's name (without owner): the token reaches this one repository only
 * @param permissions    GitHub's permission names and {@code read} or {@code write} ({@code contents: write})
 * @param git            true to attach the token as git's basic auth, false as a bearer token
 */
public record GitHubAppMint(URI api, String appId, long installationId, String repository,
                            Map<String, String> permissions, boolean git) {

    private static final Pattern APP_ID = Pattern.compile("[0-9]{1,20}");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern PERMISSION = Pattern.compile("[a-z_]{1,50}");
    private static final Set<String> LEVELS = Set.of("read", "write");

    public GitHubAppMint {
        Objects.requireNonNull(api, "api");
        if (!api.isAbsolute() || api.getHost() == null || api.getRawQuery() != null
                || !("https".equals(api.getScheme()) || "http".equals(api.getScheme()))) {
            throw new IllegalArgumentException("a GitHub App's API base is an http(s) URL with a host and no query");
        }
        if (appId == null || !APP_ID.matcher(appId).matches()) {
            throw new IllegalArgumentException("a GitHub App id is a number");
        }
        if (installationId <= 0) {
            throw new IllegalArgumentException("an installation id is a positive number");
        }
        if (repository == null || !REPO.matcher(repository).matches() || repository.startsWith(".")) {
            throw new IllegalArgumentException("an installation token is narrowed to one repository, named without its owner");
        }
        if (permissions == null || permissions.isEmpty()) {
            throw new IllegalArgumentException("an installation token names the permissions it needs");
        }
        permissions.forEach((k, v) -> {
            if (!PERMISSION.matcher(k).matches() || !LEVELS.contains(v)) {
                throw new IllegalArgumentException("a permission is a name and read or write, not " + k + ":" + v);
            }
        });
        permissions = java.util.Collections.unmodifiableMap(new TreeMap<>(permissions));
    }

    /** The installation's token endpoint. */
    public URI tokenEndpoint() {
        String base = api.toString().replaceAll("/+$", "");
        return URI.create(base + "/app/installations/" + installationId + "/access_tokens");
    }

    /** The form {@link CredentialUse} keeps it in: the token endpoint with the rest as query. */
    String encode() {
        StringBuilder p = new StringBuilder();
        permissions.forEach((k, v) -> p.append(p.isEmpty() ? "" : ",").append(k).append(':').append(v));
        return tokenEndpoint() + "?app_id=" + appId + "&repository=" + URLEncoder.encode(repository, StandardCharsets.UTF_8)
                + "&permissions=" + p + "&git=" + git;
    }

    static GitHubAppMint parse(String encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("a GitHub App use needs its installation's token endpoint");
        }
        URI u;
        try {
            u = new URI(encoded);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("a GitHub App use's token endpoint is not a URL");
        }
        var m = Pattern.compile("(.*)/app/installations/([0-9]{1,20})/access_tokens").matcher(u.getRawPath() == null ? "" : u.getRawPath());
        if (!m.matches() || u.getRawQuery() == null) {
            throw new IllegalArgumentException("a GitHub App use's token endpoint is <api>/app/installations/<id>/access_tokens");
        }
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : u.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> perms = new LinkedHashMap<>();
        for (String kv : q.getOrDefault("permissions", "").split(",")) {
            int c = kv.indexOf(':');
            if (c > 0) {
                perms.put(kv.substring(0, c), kv.substring(c + 1));
            }
        }
        URI api = URI.create(u.getScheme() + "://" + u.getRawAuthority() + m.group(1));
        return new GitHubAppMint(api, q.get("app_id"), Long.parseLong(m.group(2)), q.get("repository"), perms,
                "true".equals(q.get("git")));
    }
}
