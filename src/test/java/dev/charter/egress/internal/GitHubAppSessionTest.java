package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.egress.ProxySession;
import dev.charter.perfcases.agent.Sandbox;
import dev.charter.perfcases.agent.SandboxResult;
import dev.charter.perfcases.agent.SandboxSpec;
import dev.charter.testing.github.FakeGitHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * PRF-13 end to end at the boundary: a sandboxed session clones the case's repository from a real git smart-HTTP
 * server (JGit's) and pushes its case branch, through its egress socket only; the egress gateway signs the GitHub
 * App's JWT, mints installation tokens narrowed to the one repository and the permissions each request needs, and
 * attaches them after the proxy's rules. The App's private key and the tokens never reach the sandbox (its
 * environment, its files, the bytes on its socket in either direction), the audit log or the logs. Removing the
 * installation, or a mint GitHub refuses, ends access at once.
 */
@Tag("claim:PRF-13")
@ExtendWith(OutputCaptureExtension.class)
class GitHubAppSessionTest extends CodeHostSandboxBase {

    static final String AGENT = """
            export HOME=/workspace/home GIT_TERMINAL_PROMPT=0 GIT_AUTHOR_NAME=Charter GIT_AUTHOR_EMAIL=agent@charter.invalid
            export GIT_COMMITTER_NAME=Charter GIT_COMMITTER_EMAIL=agent@charter.invalid
            python3 /workspace/forward.py 2>/workspace/forward.err &
            i=0; while [ ! -f /workspace/ready ] && [ $i -lt 100 ]; do i=$((i+1)); sleep 0.05; done
            env > /workspace/env.txt; cat /proc/self/environ > /workspace/environ.bin
            G() { git -c http.proxy=http://127.0.0.1:3128 -c "http.extraHeader=Proxy-Authorization: Bearer $CHARTER_SESSION_TOKEN" "$@"; }
            G clone -q %1$s/acme/shop.git /workspace/shop && echo "clone ok"
            cd /workspace/shop && git checkout -q -b charter/case-42 && echo fixed > fix.txt && git add fix.txt \\
              && git commit -q -m "Revert the slow commit" && G push -q origin charter/case-42 && echo "push ok"
            G push -q origin HEAD:main 2>/workspace/main.err && echo "push main ok" || echo "push main refused"
            curl -s --unix-socket $CHARTER_EGRESS_SOCKET -H "Proxy-Authorization: Bearer $CHARTER_SESSION_TOKEN" \\
              -X POST -H 'Content-Type: application/json' \\
              -d '{"title":"Faster checkout","head":"charter/case-42","base":"main","draft":true}' \\
              %2$s/repos/acme/shop/pulls > /workspace/pull.json && echo "pull $(cat /workspace/pull.json)"
            curl -s --unix-socket $CHARTER_EGRESS_SOCKET -H "Proxy-Authorization: Bearer $CHARTER_SESSION_TOKEN" \\
              %2$s/repos/acme/shop > /workspace/repo.json && echo "repo $(cat /workspace/repo.json)"
            git config --list --show-origin > /workspace/gitconfig.txt 2>&1
            """;

    @Test
    void aSandboxClonesAndPushesWithTokensItNeverSees(CapturedOutput output) throws Exception {
        Installation installation = new Installation();
        ProxySession session = open("gh-app", installation);
        List<String> leaks = new ArrayList<>();
        SandboxResult r;
        try (Sandbox s = sandboxes.prepare(new SandboxSpec("gh-app", List.of("/bin/sh", "/workspace/agent.sh"),
                Map.of("CHARTER_SESSION_TOKEN", session.token().value()), session.socket(), null))) {
            s.put("forward.py", FORWARDER);
            s.put("agent.sh", AGENT.formatted(git, api));
            r = s.run();
            List<String> secrets = secrets();
            try (Stream<Path> files = Files.walk(s.workFolder())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    secrets.stream().filter(content::contains).forEach(x -> leaks.add(f.getFileName() + " holds a secret"));
                }
            }
            String wire = Files.readString(s.workFolder().resolve("wire.log"), StandardCharsets.ISO_8859_1);
            assertThat(wire).as("the bytes on the session's socket").contains("GET http://git.github.test", "git-receive-pack")
                    .doesNotContain("x-access-token", "ghs_").doesNotContainIgnoringCase("Authorization: Basic")
                    .doesNotContainIgnoringCase("Authorization: Bearer ghs");
        } finally {
            proxy.close("gh-app");
        }
        assertThat(r.stdout()).as(r.stderr()).contains("clone ok", "push ok", "push main refused", "pull {\"number\":1",
                "repo {\"id\":1296269");
        assertThat(leaks).isEmpty();

        // what reached GitHub: the case branch and its draft pull request, each request carrying an installation token
        try (Repository repo = github.open()) {
            assertThat(repo.exactRef("refs/heads/charter/case-42")).isNotNull();
            assertThat(repo.getRefDatabase().getRefs().stream().map(org.eclipse.jgit.lib.Ref::getName))
                    .containsExactlyInAnyOrder("refs/heads/main", "refs/heads/charter/case-42", "HEAD");
        }
        assertThat(github.pulls).containsExactly("charter/case-42 -> main draft=true");
        assertThat(github.requests).filteredOn(x -> !x.endsWith(" jwt")).allMatch(x -> x.endsWith(" token"));

        // every token narrowed to the one repository and to what its kind of request needs
        assertThat(github.mints).isNotEmpty().allMatch(m -> m.repositories().equals(List.of("shop")));
        assertThat(github.mints).extracting(FakeGitHub.Mint::permissions).containsOnly(
                Map.of("contents", "read", "metadata", "read", "pull_requests", "read"),
                Map.of("contents", "write", "metadata", "read"),
                Map.of("pull_requests", "write", "metadata", "read"));
        assertThat(github.mints).hasSize(3); // cached: one per kind of request, not one per request

        // the refused push to main is in the audit log; nothing secret is, nor in the logs or the sandbox's output
        assertThat(parts.audit("egress.request.denied")).anySatisfy(e ->
                assertThat(e.details().get("reason")).contains("refs/heads/main"));
        String everywhere = r.stdout() + r.stderr() + parts.audit + output.getAll();
        assertThat(secrets()).allSatisfy(x -> assertThat(everywhere).doesNotContain(x));
    }

    @Test
    void removingTheInstallationEndsAccessAtOnce() throws IOException {
        Installation installation = new Installation();
        ProxySession s = open("gh-removed", installation);
        try {
            assertThat(get(s, "/repos/acme/shop")).startsWith("HTTP/1.1 200");
            int mints = github.mints.size();
            // the installation webhook (action: deleted) marks it removed and drops egress's tokens
            github.removeInstallation();
            installation.active = false;
            parts.apps.forget(appKey, github.installationId);
            int seen = github.requests.size();
            assertThat(get(s, "/repos/acme/shop")).startsWith("HTTP/1.1 403").contains("was removed");
            assertThat(github.requests).hasSize(seen);
            assertThat(github.mints).hasSize(mints);
            assertThat(parts.apps.cached()).isZero();
            assertThat(parts.audit("egress.request.denied")).anySatisfy(e ->
                    assertThat(e.details().get("reason")).contains("was removed"));
        } finally {
            proxy.close("gh-removed");
        }
    }

    @Test
    void aMintGitHubRefusesEndsAccessAtOnce() throws IOException {
        Installation installation = new Installation();
        ProxySession s = open("gh-refused", installation);
        try {
            github.removeInstallation(); // removed on GitHub, and its webhook never arrived
            assertThat(get(s, "/repos/acme/shop")).startsWith("HTTP/1.1 403").contains("refused a token");
            assertThat(installation.active()).isFalse();
            assertThat(installation.endings).hasSize(1);
            int seen = github.requests.size();
            assertThat(get(s, "/repos/acme/shop")).startsWith("HTTP/1.1 403").contains("was removed");
            assertThat(github.requests).as("no further mint or request").hasSize(seen);
        } finally {
            proxy.close("gh-refused");
        }
    }

}
