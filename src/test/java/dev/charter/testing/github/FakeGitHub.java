package dev.charter.testing.github;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for GitHub on 127.0.0.1, in the shapes GitHub documents: the App's installation token endpoint
 * ({@code POST /app/installations/{id}/access_tokens}, checking the RS256 JWT against the App's public key and its
 * {@code iss}, {@code iat} and {@code exp}), a few REST routes of one repository (the repository, its refs, its pull
 * requests), and a real git smart-HTTP server (JGit's {@link GitServlet} in an embedded Tomcat) that requires an
 * installation token as basic auth {@code x-access-token:<token>}, for the one repository and the permission it was
 * minted for. Every mint request and every request is recorded; removing the installation revokes its tokens and
 * makes further mints answer 404, as GitHub does.
 */
public final class FakeGitHub implements AutoCloseable {

    /** A mint as GitHub received it. */
    public record Mint(long installationId, List<String> repositories, Map<String, String> permissions, String token) {}

    private record Grant(long installationId, String repository, Map<String, String> permissions, Instant expires) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final String appId = "424242";
    public final String owner = "acme";
    public final String repo = "shop";
    public final long installationId = 9001;
    public final String privateKeyPem;
    public final List<Mint> mints = new CopyOnWriteArrayList<>();
    /** Every request: method, path, and the credential it carried (none, bearer or git basic). */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public final List<String> pulls = new CopyOnWriteArrayList<>();
    /** The title and body of each pull request opened, as "title\n\nbody". */
    public final List<String> pullTexts = new CopyOnWriteArrayList<>();
    private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
    private final Set<Long> removed = ConcurrentHashMap.newKeySet();
    private final RSAPublicKey publicKey;
    private final Clock clock;
    private final HttpServer api;
    private final Tomcat git;
    private final Path repositories;
    private final SecureRandom random = new SecureRandom();

    /** Writes the repository's history into a fresh work tree on {@code main}; the fake serves it as a bare clone. */
    @FunctionalInterface
    public interface History {
        void write(Git git, Path work) throws Exception;
    }

    public FakeGitHub(Path folder, Clock clock) throws Exception {
        this(folder, clock, FakeGitHub::twoCommits);
    }

    public FakeGitHub(Path folder, Clock clock, History history) throws Exception {
        this.clock = clock;
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        publicKey = (RSAPublicKey) pair.getPublic();
        privateKeyPem = pkcs1Pem(pair.getPrivate().getEncoded());
        repositories = Files.createDirectories(folder.resolve("repositories"));
        seed(repositories.resolve(owner).resolve(repo + ".git"), folder.resolve("seed"), history);

        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", this::api);
        api.start();

        git = new Tomcat();
        git.setBaseDir(Files.createDirectories(folder.resolve("tomcat")).toString());
        git.setHostname("127.0.0.1");
        git.getConnector().setProperty("address", "127.0.0.1");
        git.getConnector().setPort(0);
        Context ctx = git.addContext("", Files.createDirectories(folder.resolve("docbase")).toString());
        GitServlet servlet = new GitServlet();
        servlet.setRepositoryResolver((RepositoryResolver<HttpServletRequest>) (req, name) -> {
            Path dir = repositories.resolve(name.endsWith(".git") ? name : name + ".git").normalize();
            if (!dir.startsWith(repositories) || !Files.isDirectory(dir)) {
                throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name);
            }
            try {
                return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
            } catch (IOException e) {
                throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name, e);
            }
        });
        servlet.setReceivePackFactory((req, db) -> {
            if (!"write".equals(req.getAttribute("contents"))) {
                throw new ServiceNotEnabledException("this token cannot push");
            }
            return new ReceivePack(db);
        });
        Tomcat.addServlet(ctx, "git", servlet).setAsyncSupported(false);
        ctx.addServletMappingDecoded("/*", "git");
        FilterDef auth = new FilterDef();
        auth.setFilterName("installation-token");
        auth.setFilter(new TokenFilter());
        ctx.addFilterDef(auth);
        FilterMap map = new FilterMap();
        map.setFilterName("installation-token");
        map.addURLPattern("/*");
        ctx.addFilterMap(map);
        git.start();
    }

    public int apiPort() {
        return api.getAddress().getPort();
    }

    public int gitPort() {
        return git.getConnector().getLocalPort();
    }

    /** The repository's bare folder, to read what was pushed. */
    public Repository open() throws IOException {
        return new FileRepositoryBuilder().setGitDir(repositories.resolve(owner).resolve(repo + ".git").toFile())
                .setMustExist(true).build();
    }

    /** The installation is removed on GitHub: its tokens stop working and mints answer 404. */
    public void removeInstallation() {
        removed.add(installationId);
        tokens.values().removeIf(t -> t.installationId() == installationId);
    }

    /** The App is installed again (a new test starts from an installed App). */
    public void reinstall() {
        removed.clear();
    }

    /** The webhook GitHub sends when the installation is removed ({@code installation}, {@code action: deleted}). */
    public String installationDeletedPayload() {
        return "{\"action\":\"deleted\",\"installation\":{\"id\":" + installationId + ",\"account\":{\"login\":\"" + owner
                + "\"},\"app_id\":" + appId + "},\"sender\":{\"login\":\"" + owner + "-admin\"}}";
    }

    /** Every token the fake minted. */
    public List<String> mintedTokens() {
        return mints.stream().map(Mint::token).toList();
    }

    @Override
    public void close() throws LifecycleException {
        api.stop(0);
        git.stop();
        git.destroy();
    }

    private void api(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        byte[] body = ex.getRequestBody().readAllBytes();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        Matcher mint = Pattern.compile("/app/installations/(\\d+)/access_tokens").matcher(path);
        if (mint.matches() && method.equals("POST")) {
            requests.add(method + " " + path + " jwt");
            mint(ex, Long.parseLong(mint.group(1)), auth, body);
            return;
        }
        Grant grant = auth != null && auth.startsWith("Bearer ") ? valid(auth.substring(7)) : null;
        requests.add(method + " " + path + (grant == null ? " none" : " token"));
        String repoPath = "/repos/" + owner + "/" + repo;
        if (grant == null || !path.startsWith(repoPath) || !grant.repository().equals(repo)) {
            send(ex, 401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
            return;
        }
        if (method.equals("GET") && path.equals(repoPath)) {
            send(ex, 200, "{\"id\":1296269,\"name\":\"" + repo + "\",\"full_name\":\"" + owner + "/" + repo
                    + "\",\"private\":true,\"default_branch\":\"main\"}");
        } else if (method.equals("GET") && path.startsWith(repoPath + "/git/ref")) {
            send(ex, 200, "[{\"ref\":\"refs/heads/main\",\"object\":{\"type\":\"commit\"}}]");
        } else if (method.equals("POST") && path.equals(repoPath + "/pulls")) {
            if (!"write".equals(grant.permissions().get("pull_requests"))) {
                send(ex, 403, "{\"message\":\"Resource not accessible by integration\"}");
                return;
            }
            JsonNode pr = JSON.readTree(body);
            pulls.add(pr.path("head").asString() + " -> " + pr.path("base").asString() + " draft=" + pr.path("draft").asBoolean());
            pullTexts.add(pr.path("title").asString() + "\n\n" + pr.path("body").asString());
            send(ex, 201, "{\"number\":" + pulls.size() + ",\"state\":\"open\",\"draft\":" + pr.path("draft").asBoolean()
                    + ",\"html_url\":\"https://github.com/" + owner + "/" + repo + "/pull/" + pulls.size() + "\"}");
        } else {
            send(ex, 404, "{\"message\":\"Not Found\"}");
        }
    }

    private void mint(HttpExchange ex, long installation, String auth, byte[] body) throws IOException {
        try {
            SignedJWT jwt = SignedJWT.parse(auth == null || !auth.startsWith("Bearer ") ? "" : auth.substring(7));
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            boolean ok = jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.RS256) && jwt.verify(new RSASSAVerifier(publicKey))
                    && appId.equals(c.getIssuer()) && c.getIssueTime() != null && c.getExpirationTime() != null
                    && !c.getIssueTime().toInstant().isAfter(now)
                    && c.getExpirationTime().toInstant().isAfter(now)
                    && !c.getExpirationTime().toInstant().isAfter(c.getIssueTime().toInstant().plusSeconds(600 + 60));
            if (!ok) {
                send(ex, 401, "{\"message\":\"A JSON web token could not be decoded\"}");
                return;
            }
        } catch (Exception e) {
            send(ex, 401, "{\"message\":\"A JSON web token could not be decoded\"}");
            return;
        }
        if (installation != installationId || removed.contains(installation)) {
            send(ex, 404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest/apps/apps\"}");
            return;
        }
        JsonNode asked = JSON.readTree(body);
        List<String> repos = new ArrayList<>();
        asked.path("repositories").forEach(r -> repos.add(r.asString()));
        Map<String, String> perms = new TreeMap<>();
        asked.path("permissions").properties().forEach(e -> perms.put(e.getKey(), e.getValue().asString()));
        byte[] raw = new byte[30];
        random.nextBytes(raw);
        String token = "ghs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw).replace('-', 'x').replace('_', 'y');
        Instant expires = clock.instant().plusSeconds(3600);
        if (repos.size() != 1) {
            // a token for every repository of the installation: the fake grants it, so a test can see it was not asked
            repos.clear();
            repos.add("*");
        }
        mints.add(new Mint(installation, List.copyOf(repos), Map.copyOf(perms), token));
        tokens.put(token, new Grant(installation, repos.get(0), Map.copyOf(perms), expires));
        ObjectNode out = JSON.createObjectNode().put("token", token).put("expires_at", expires.toString())
                .put("repository_selection", "selected");
        ObjectNode p = out.putObject("permissions");
        perms.forEach(p::put);
        out.putArray("repositories").addObject().put("id", 1296269).put("name", repos.get(0)).put("full_name", owner + "/" + repos.get(0));
        send(ex, 201, out.toString());
    }

    private Grant valid(String token) {
        Grant g = tokens.get(token);
        return g == null || !clock.instant().isBefore(g.expires()) ? null : g;
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    /** Git requires {@code x-access-token:<installation token>} for the one repository the token was minted for. */
    private final class TokenFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest req = (HttpServletRequest) request;
            HttpServletResponse res = (HttpServletResponse) response;
            String auth = req.getHeader("Authorization");
            Grant grant = null;
            if (auth != null && auth.startsWith("Basic ")) {
                String pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
                if (pair.startsWith("x-access-token:")) {
                    grant = valid(pair.substring("x-access-token:".length()));
                }
            }
            String path = req.getRequestURI();
            requests.add("git " + req.getMethod() + " " + path + (req.getQueryString() == null ? "" : "?" + req.getQueryString())
                    + (grant == null ? " none" : " token"));
            boolean push = path.endsWith("/git-receive-pack") || "service=git-receive-pack".equals(req.getQueryString());
            if (grant == null || !path.startsWith("/" + owner + "/" + repo) || !grant.repository().equals(repo)
                    || grant.permissions().get("contents") == null
                    || (push && !"write".equals(grant.permissions().get("contents")))) {
                res.setHeader("WWW-Authenticate", "Basic realm=\"GitHub\"");
                res.sendError(401);
                return;
            }
            req.setAttribute("contents", grant.permissions().get("contents"));
            chain.doFilter(request, response);
        }
    }

    /** Two commits on main. */
    private static void twoCommits(Git g, Path work) throws Exception {
        Files.writeString(work.resolve("README.md"), "shop\n");
        g.add().addFilepattern("README.md").call();
        g.commit().setMessage("first").setAuthor("Dev", "dev@example.com").setCommitter("Dev", "dev@example.com").call();
        Files.writeString(work.resolve("bench.sh"), "echo 1\n");
        g.add().addFilepattern("bench.sh").call();
        g.commit().setMessage("second").setAuthor("Dev", "dev@example.com").setCommitter("Dev", "dev@example.com").call();
    }

    /** A bare repository (branches and tags) cloned from the history written into a work tree. */
    private static void seed(Path bare, Path work, History history) throws Exception {
        try (Git g = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            history.write(g, work);
        }
        Git.cloneRepository().setURI(work.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
    }

    /** The PEM GitHub issues for an App: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), cut from the JDK's PKCS#8. */
    private static String pkcs1Pem(byte[] pkcs8) {
        // PrivateKeyInfo: SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING { RSAPrivateKey } }
        int i = 0;
        i = skipHeader(pkcs8, i); // outer sequence
        i += 3; // version
        i += 2 + (pkcs8[i + 1] & 0xff); // algorithm identifier
        int len;
        if (pkcs8[i] != 0x04) {
            throw new IllegalStateException("not a PKCS#8 RSA key");
        }
        int lenByte = pkcs8[i + 1] & 0xff;
        if (lenByte < 0x80) {
            len = lenByte;
            i += 2;
        } else {
            int n = lenByte & 0x7f;
            len = 0;
            for (int k = 0; k < n; k++) {
                len = (len << 8) | (pkcs8[i + 2 + k] & 0xff);
            }
            i += 2 + n;
        }
        byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, i, i + len);
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1);
        return "-----BEGIN RSA PRIVATE KEY-----\n" + b64 + "\n-----END RSA PRIVATE KEY-----\n";
    }

    private static int skipHeader(byte[] der, int i) {
        int lenByte = der[i + 1] & 0xff;
        return i + 2 + (lenByte < 0x80 ? 0 : lenByte & 0x7f);
    }
}
