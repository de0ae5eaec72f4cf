package dev.charter.perfcases.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.perfcases.agent.Sandbox;
import dev.charter.perfcases.agent.SandboxLimits;
import dev.charter.perfcases.agent.SandboxSettings;
import dev.charter.perfcases.agent.SandboxSpec;
import dev.charter.perfcases.agent.Sandboxes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/perfcases-agent.sh, second part: an agent session's bisect end to end in a real sandbox, over 64 commits
 * with a benchmark of about 2 seconds, the slow commit (10 % slower) at a place the bisect does not hit first: the
 * same steps a session runs after its clone (both versions built, tests, the first comparison, the bisect, the
 * revert, its tests and comparison). The repository is put into the work folder directly, so the clone through the
 * egress socket is not in the figure. Runs only with -Pbench; writes target/bench/perfcases-agent-bisect.md.
 */
@Tag("bench")
class AgentBisectBenchmark {

    static final int COMMITS = Integer.getInteger("bench.commits", 64);
    static final int SLOW = Integer.getInteger("bench.slow-commit", 41);
    static final String SECONDS = System.getProperty("bench.seconds", "2");

    @TempDir
    Path tmp;

    @Test
    void bisect() throws Exception {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        List<String> commits = new ArrayList<>();
        Path origin = tmp.resolve("origin");
        try (Git g = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            Files.writeString(origin.resolve("lib.sh"), "D=" + SECONDS + "\n");
            Files.writeString(origin.resolve("bench.sh"), ". ./lib.sh\nsleep $D\n");
            Files.writeString(origin.resolve("test.sh"), ". ./lib.sh\n[ -n \"$D\" ]\n");
            commit(g, "start");
            for (int i = 1; i <= COMMITS; i++) {
                if (i == SLOW) {
                    double slow = Double.parseDouble(SECONDS) * 1.1;
                    Files.writeString(origin.resolve("lib.sh"), String.format(Locale.ROOT, "D=%.3f\n", slow));
                } else {
                    Files.writeString(origin.resolve("n" + i + ".txt"), i + "\n");
                }
                commits.add(commit(g, "commit " + i));
            }
        }
        Sandboxes sandboxes = new Sandboxes(new SandboxSettings(Path.of("/usr/bin/bwrap"), tmp.resolve("s"), 200000, 10000));
        List<String> timeline = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Sandbox box = sandboxes.prepare(new SandboxSpec("bisect-bench", List.of("/bin/true"), Map.of(), null,
                SandboxLimits.DEFAULT.withWallClock(Duration.ofHours(2))))) {
            Git.cloneRepository().setURI(origin.toUri().toString()).setDirectory(box.workFolder().resolve("repo").toFile())
                    .setNoCheckout(true).call().close();
            if (box.hostUid() >= 0) {
                try (Stream<Path> all = Files.walk(box.workFolder())) {
                    for (Path p : all.toList()) {
                        Files.setAttribute(p, "unix:uid", box.hostUid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
                        Files.setAttribute(p, "unix:gid", box.hostUid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
            Map<String, String> files = new LinkedHashMap<>();
            files.put(".charter/agent.sh", resource("agent.sh"));
            files.put(".charter/forward.py", resource("forward.py"));
            files.put(".charter/build", "");
            files.put(".charter/test", "sh test.sh");
            files.put(".charter/bench", "sh bench.sh");
            long[] steps = {0};
            AgentRun agent = new AgentRun(AgentRun.in(box, files, line -> { }, () -> Duration.ofHours(1)), line -> {
                steps[0]++;
                timeline.add(String.format(Locale.ROOT, "%7.1f s  %s", (System.nanoTime() - t0) / 1e9, line));
            });
            AgentRun.Recipe recipe = AgentRun.Recipe.of(List.of("bench = sh bench.sh", "test = sh test.sh",
                    "runs = " + Integer.getInteger("bench.runs", 5), "min_effect = 0.05"), Map.of());
            String good = parent(origin, commits.get(0));
            String bad = commits.get(commits.size() - 1);
            agent.prepare(good);
            agent.prepare(bad);
            assertThat(agent.test(recipe, bad)).isTrue();
            List<AgentRun.Measured> measured = new ArrayList<>();
            measured.add(agent.compare(recipe, "fast version → slow version", good, bad));
            assertThat(measured.get(0).cmp().regression()).isTrue();
            long b0 = System.nanoTime();
            String culprit = agent.bisect(recipe, good, commits, measured);
            long b1 = System.nanoTime();
            assertThat(culprit).isEqualTo(commits.get(SLOW - 1));
            AgentRun.Fix fix = agent.revert(bad, culprit, "charter/case-bench");
            agent.prepare(fix.commit());
            assertThat(agent.test(recipe, fix.commit())).isTrue();
            AgentRun.Measured after = agent.compare(recipe, "the fix → slow version", fix.commit(), bad);
            assertThat(after.cmp().regression()).isTrue();
            long t1 = System.nanoTime();
            int runs = (measured.size() + 1) * 2 * recipe.runs();
            int bisectSteps = measured.size() - 1;
            measured.add(after);
            // the benchmark's own wall time, as the sandbox measured each run
            double benchSeconds = measured.stream().flatMapToDouble(m -> java.util.stream.DoubleStream.concat(
                    java.util.Arrays.stream(m.aSamples()), java.util.Arrays.stream(m.bSamples()))).sum() / 1e6;
            StringBuilder md = new StringBuilder();
            md.append("| measure | value |\n|---|---|\n");
            md.append("| commits between the versions | ").append(COMMITS).append(" (slow one: ").append(SLOW).append(") |\n");
            md.append("| bisect steps | ").append(bisectSteps).append(" |\n");
            md.append("| benchmark runs in all (").append(recipe.runs()).append(" per version and comparison) | ")
                    .append(runs).append(" |\n");
            md.append(String.format(Locale.ROOT, "| end to end, after the clone: build, tests, compare, bisect, revert, tests, compare | %.1f s |\n",
                    (t1 - t0) / 1e9));
            md.append(String.format(Locale.ROOT, "| of which the bisect alone | %.1f s |\n", (b1 - b0) / 1e9));
            md.append(String.format(Locale.ROOT, "| the benchmark's own time in it (each run about %s s or 10 %% more) | %.1f s |\n",
                    SECONDS, benchSeconds));
            md.append(String.format(Locale.ROOT, "| Charter's overhead (sandboxes, checkouts, git, statistics) | %.1f s |\n",
                    (t1 - t0) / 1e9 - benchSeconds));
            Path report = Path.of("target", "bench", "perfcases-agent-bisect.md");
            Files.createDirectories(report.getParent());
            Files.writeString(report, md.toString());
            System.out.println(md);
            timeline.forEach(System.out::println);
        }
    }

    private static String commit(Git g, String message) throws Exception {
        g.add().addFilepattern(".").call();
        RevCommit c = g.commit().setMessage(message).setAuthor("Dev", "dev@example.com")
                .setCommitter("Dev", "dev@example.com").call();
        return c.getName();
    }

    private static String parent(Path repo, String commit) throws Exception {
        try (Git g = Git.open(repo.toFile()); var walk = new org.eclipse.jgit.revwalk.RevWalk(g.getRepository())) {
            return walk.parseCommit(g.getRepository().resolve(commit)).getParent(0).getName();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AgentBisectBenchmark.class.getResourceAsStream("/perfcases/agent/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
