package dev.charter.perfcases.internal;

import dev.charter.perfcases.DetectionSettings;
import dev.charter.perfcases.Metric;
import dev.charter.perfcases.agent.Sandbox;
import dev.charter.perfcases.agent.SandboxResult;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The steps of one agent session inside its sandbox, decided outside it: clone, build and test, benchmark the two
 * versions alternately, bisect to the first slow commit, revert it on the case branch, test and benchmark the fix,
 * push and open the draft pull request. Each step is one run of {@code agent.sh} in a fresh bubblewrap on the same
 * work folder; only its {@code charter-} lines are read, and the statistics are computed here, never inside.
 */
final class AgentRun {

    /** What the session found. */
    enum Outcome { PULL_REQUEST, NO_CHANGE, CULPRIT_ONLY }

    /** A step failed in a way the session cannot go on from; the message says why, in words for the page. */
    static final class StepFailed extends RuntimeException {
        StepFailed(String message) {
            super(message);
        }
    }

    /** The repository's way to build, test and benchmark, from its file and the session's settings. */
    record Recipe(String build, String test, String bench, int runs, double minEffect, double alpha,
                  boolean higherIsBetter, String unit, List<String> protectedPaths) {

        static Recipe of(List<String> fileLines, Map<String, Object> overrides) {
            Properties p = new Properties();
            try {
                p.load(new StringReader(String.join("\n", fileLines)));
            } catch (IOException | IllegalArgumentException e) {
                throw new StepFailed(".charter/perf.properties is not in the properties format: " + e.getMessage());
            }
            String build = text(overrides, "build", p.getProperty("build", ""));
            String test = text(overrides, "test", p.getProperty("test", ""));
            String bench = text(overrides, "bench", p.getProperty("bench", ""));
            if (bench.isBlank()) {
                throw new StepFailed("No benchmark to run: the repository has no .charter/perf.properties with a bench "
                        + "command, and the session named none.");
            }
            int runs = overrides.get("runs") instanceof Number n ? n.intValue() : number(p, "runs", 7);
            double minEffect = overrides.get("minEffect") instanceof Number n ? n.doubleValue()
                    : decimal(p, "min_effect", 0.05);
            double alpha = decimal(p, "alpha", 0.01);
            if (runs < 3 || runs > 30 || minEffect < 0.01 || minEffect > 1 || alpha <= 0 || alpha >= 0.5) {
                throw new StepFailed("runs must be 3 to 30, min_effect 0.01 to 1 and alpha above 0 and below 0.5.");
            }
            boolean higher = Boolean.parseBoolean(p.getProperty("higher_is_better", "false").strip());
            String unit = p.getProperty("unit", "").strip();
            List<String> prot = new ArrayList<>(List.of(".charter/"));
            for (String s : p.getProperty("protected", "").split("[,\\s]+")) {
                if (!s.isBlank()) {
                    prot.add(s.strip().replaceFirst("^\\./", ""));
                }
            }
            // the benchmark's own script, when it names one in the repository, is its harness too
            for (String word : bench.strip().split("\\s+")) {
                if (!word.startsWith("-") && (word.contains("/") || word.contains(".")) && !word.startsWith("/")) {
                    prot.add(word.replaceFirst("^\\./", ""));
                }
            }
            return new Recipe(build.strip(), test.strip(), bench.strip(), runs, minEffect, alpha, higher,
                    unit.isEmpty() ? "µs" : unit, List.copyOf(prot));
        }

        /** True when a changed path is the benchmark, its harness or Charter's file: such a diff is never proposed. */
        boolean touchesHarness(String path) {
            return protectedPaths.stream().anyMatch(p -> p.endsWith("/") ? path.startsWith(p) : path.equals(p)
                    || path.startsWith(p + "/"));
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("build", build);
            m.put("test", test);
            m.put("bench", bench);
            m.put("runs", runs);
            m.put("minEffect", minEffect);
            m.put("alpha", alpha);
            m.put("higherIsBetter", higherIsBetter);
            m.put("unit", unit);
            m.put("protected", protectedPaths);
            return m;
        }

        private static String text(Map<String, Object> o, String key, String fallback) {
            return o.get(key) instanceof String s && !s.isBlank() ? s : fallback;
        }

        private static int number(Properties p, String key, int fallback) {
            try {
                return Integer.parseInt(p.getProperty(key, Integer.toString(fallback)).strip());
            } catch (NumberFormatException e) {
                throw new StepFailed(".charter/perf.properties: " + key + " is not a whole number.");
            }
        }

        private static double decimal(Properties p, String key, double fallback) {
            try {
                return Double.parseDouble(p.getProperty(key, Double.toString(fallback)).strip());
            } catch (NumberFormatException e) {
                throw new StepFailed(".charter/perf.properties: " + key + " is not a number.");
            }
        }
    }

    /** A comparison of two commits' benchmark samples: is {@code b} worse than {@code a}? */
    record Measured(String label, String a, String b, double[] aSamples, double[] bSamples, Comparison cmp) {
        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", label);
            m.put("a", a);
            m.put("b", b);
            m.put("aMedian", cmp.baselineMedian());
            m.put("bMedian", cmp.candidateMedian());
            m.put("effect", Double.isFinite(cmp.effect()) ? cmp.effect() : null);
            m.put("pValue", Double.isFinite(cmp.pValue()) ? cmp.pValue() : null);
            m.put("worse", cmp.regression());
            m.put("verdict", cmp.verdict());
            m.put("aSamples", aSamples);
            m.put("bSamples", bSamples);
            return m;
        }
    }

    /** Runs one step in the sandbox; the lines it printed, or {@link StepFailed} with its own reason. */
    interface Steps {
        List<String> run(String what, List<String> args, Duration timeout);
    }

    private final Steps steps;
    private final Consumer<String> say;

    AgentRun(Steps steps, Consumer<String> say) {
        this.steps = steps;
        this.say = say;
    }

    /** Runs a step of agent.sh with a sandbox, logging every line it prints. */
    static Steps in(Sandbox sandbox, Map<String, String> files, Consumer<String> log, java.util.function.Supplier<Duration> left) {
        return (what, args, timeout) -> {
            files.forEach(sandbox::put);
            List<String> command = new ArrayList<>(List.of("/bin/sh", "/workspace/.charter/agent.sh", what));
            command.addAll(args);
            Duration t = timeout.compareTo(left.get()) < 0 ? timeout : left.get();
            if (t.isNegative() || t.isZero()) {
                throw new StepFailed("The session ran out of time (its wall clock) before " + what + ".");
            }
            List<String> lines = new ArrayList<>();
            int[] data = {0};
            SandboxResult r = sandbox.exec(command, t, line -> {
                lines.add(line);
                if (line.startsWith("charter-data ")) {
                    data[0] += line.length() - 13; // the repository's code in base64: read, not logged
                } else {
                    log.accept(line);
                }
            });
            if (data[0] > 0) {
                log.accept("(" + data[0] + " characters of the repository's code read)");
            }
            if (r.timedOut()) {
                throw new StepFailed("The " + what + " step ran out of time after " + t.toSeconds() + " s.");
            }
            if (r.exitCode() != 0) {
                String reason = lines.stream().filter(l -> l.startsWith("charter-error ")).reduce((x, y) -> y)
                        .map(l -> l.substring("charter-error ".length()))
                        .orElse("the " + what + " step ended with exit status " + r.exitCode());
                throw new StepFailed(Character.toUpperCase(reason.charAt(0)) + reason.substring(1) + ".");
            }
            return lines;
        };
    }

    /** The clone: both versions' commits, the commits between them, the repository's file and default branch. */
    record Cloned(String good, String bad, List<String> commits, Map<String, String> subjects, List<String> config,
                  String defaultBranch) {}

    Cloned cloneRepository(String gitUrl, String apiUrl, String owner, String repo, String goodRef, String badRef) {
        say.accept("Cloning " + owner + "/" + repo + " through the session's egress socket");
        List<String> out = steps.run("clone", List.of(gitUrl, apiUrl, owner, repo, goodRef, badRef), Duration.ofMinutes(10));
        String good = null;
        String bad = null;
        String branch = null;
        List<String> commits = new ArrayList<>();
        Map<String, String> subjects = new LinkedHashMap<>();
        List<String> config = new ArrayList<>();
        for (String l : out) {
            if (l.startsWith("charter-rev good ")) {
                good = sha(l.substring(17));
            } else if (l.startsWith("charter-rev bad ")) {
                bad = sha(l.substring(16));
            } else if (l.startsWith("charter-commit ")) {
                String rest = l.substring(15);
                String sha = sha(rest.length() >= 40 ? rest.substring(0, 40) : rest);
                commits.add(sha);
                subjects.put(sha, rest.length() > 41 ? rest.substring(41) : "");
            } else if (l.startsWith("charter-config ")) {
                config.add(l.substring(15));
            } else if (l.startsWith("charter-config")) {
                config.add("");
            } else if (l.startsWith("charter-default-branch ")) {
                branch = l.substring(23).strip();
            }
        }
        if (good == null || bad == null) {
            throw new StepFailed("The clone did not name both versions.");
        }
        if (commits.isEmpty()) {
            throw new StepFailed("There is no commit between the two versions: they are the same commit.");
        }
        if (commits.size() > 1024) {
            throw new StepFailed("More than 1,024 commits lie between the two versions; choose versions closer together.");
        }
        if (!commits.get(commits.size() - 1).equals(bad)) {
            throw new StepFailed("The slow version is not on the first-parent line from the fast one.");
        }
        say.accept(commits.size() + " commit(s) between " + shortSha(good) + " and " + shortSha(bad));
        return new Cloned(good, bad, commits, subjects, config,
                branch == null || !branch.matches("[A-Za-z0-9._/-]{1,200}") ? "main" : branch);
    }

    void prepare(String commit) {
        steps.run("prepare", List.of(commit), Duration.ofMinutes(20));
    }

    /** Runs the tests at {@code commit}: true when they pass (or there are none). */
    boolean test(Recipe recipe, String commit) {
        if (recipe.test().isEmpty()) {
            say.accept("No test command: the repository names none");
            return true;
        }
        say.accept("Running the tests at " + shortSha(commit));
        for (String l : steps.run("test", List.of(commit), Duration.ofMinutes(20))) {
            if (l.startsWith("charter-test " + commit + " ")) {
                boolean ok = l.endsWith(" 0");
                say.accept(ok ? "The tests pass at " + shortSha(commit) : "The tests fail at " + shortSha(commit));
                return ok;
            }
        }
        throw new StepFailed("The test step did not report a result.");
    }

    /** Benchmarks {@code a} and {@code b} alternately, {@code runs} times each; is {@code b} worse than {@code a}? */
    Measured compare(Recipe recipe, String label, String a, String b) {
        say.accept("Benchmarking " + shortSha(a) + " against " + shortSha(b) + ", " + recipe.runs() + " runs each, alternating");
        List<String> out = steps.run("bench", List.of(Integer.toString(recipe.runs()), a, b), Duration.ofMinutes(30));
        List<Double> as = new ArrayList<>();
        List<Double> bs = new ArrayList<>();
        for (String l : out) {
            if (!l.startsWith("charter-sample ")) {
                continue;
            }
            String[] f = l.split(" ");
            if (f.length != 3) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(f[2]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (!Double.isFinite(v)) {
                continue;
            }
            if (f[1].equals(a)) {
                as.add(v);
            } else if (f[1].equals(b)) {
                bs.add(v);
            }
        }
        if (as.size() != recipe.runs() || bs.size() != recipe.runs()) {
            throw new StepFailed("The benchmark did not give one figure per run.");
        }
        double[] x = as.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = bs.stream().mapToDouble(Double::doubleValue).toArray();
        Metric metric = recipe.higherIsBetter() ? Metric.THROUGHPUT : Metric.LATENCY_MEAN;
        Comparison cmp = Comparison.of(metric, x, y, new DetectionSettings(null, null, recipe.runs(), recipe.minEffect(),
                recipe.alpha(), null));
        say.accept(String.format(java.util.Locale.ROOT, "%s: median %s %s, %s %s; %s %+.1f %%, p = %.4f: %s", label,
                shortSha(a), figure(cmp.baselineMedian(), recipe.unit()), shortSha(b),
                figure(cmp.candidateMedian(), recipe.unit()), shortSha(b),
                100 * (metric.higherIsWorse() ? 1 : -1) * (cmp.candidateMedian() - cmp.baselineMedian())
                        / Math.abs(cmp.baselineMedian() == 0 ? 1 : cmp.baselineMedian()),
                cmp.pValue(), cmp.regression() ? "worse" : cmp.verdict()));
        return new Measured(label, a, b, x, y, cmp);
    }

    /**
     * Bisects {@code commits} (oldest first, the last one slow, the one before the first fast): each step builds the
     * middle commit and benchmarks it against the fast version. Answers the first slow commit.
     */
    String bisect(Recipe recipe, String good, List<String> commits, List<Measured> measured) {
        int lo = -1;
        int hi = commits.size() - 1;
        int steps = 0;
        int total = (int) Math.ceil(Math.log(commits.size()) / Math.log(2));
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            steps++;
            String c = commits.get(mid);
            say.accept("Bisect step " + steps + " of about " + total + ": commit " + (mid + 1) + " of " + commits.size()
                    + " (" + shortSha(c) + ")");
            prepare(c);
            Measured m = compare(recipe, "bisect " + steps + ": fast version → " + shortSha(c), good, c);
            measured.add(m);
            if (m.cmp().regression()) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return commits.get(hi);
    }

    /** A fix committed on the case branch: its commit and the paths it changes against the slow version. */
    record Fix(String commit, List<String> changed) {}

    Fix revert(String bad, String culprit, String branch) {
        say.accept("Reverting " + shortSha(culprit) + " on " + branch);
        return fix(steps.run("revert", List.of(bad, culprit, branch), Duration.ofMinutes(5)), "The revert did not name its commit.");
    }

    /** The culprit's diff and the files it touched, as they are in the slow version: what a model may see of the code. */
    SourceChange show(String culprit, String subject, String bad) {
        say.accept("Reading the culprit's change for a proposed fix");
        List<String> out = steps.run("show", List.of(culprit, bad), Duration.ofMinutes(2));
        StringBuilder diff = new StringBuilder();
        List<SourceChange.File> files = new ArrayList<>();
        String path = null;
        StringBuilder current = null;
        for (String l : out) {
            if (l.equals("charter-diff")) {
                current = diff;
            } else if (l.startsWith("charter-file ")) {
                if (path != null) {
                    files.add(new SourceChange.File(path, decode(current.toString()), false));
                }
                path = decode(l.substring(13).strip());
                current = new StringBuilder();
            } else if (l.startsWith("charter-data ") && current != null) {
                current.append(l.substring(13).strip());
            }
        }
        if (path != null) {
            files.add(new SourceChange.File(path, decode(current.toString()), false));
        }
        return new SourceChange(culprit, subject, decode(diff.toString()), files);
    }

    /** Commits the proposed files (already in the work folder) on the case branch, on top of the slow version. */
    Fix apply(String bad, String branch) {
        say.accept("Applying the proposed fix on " + branch);
        return fix(steps.run("apply", List.of(bad, branch), Duration.ofMinutes(5)), "The proposed fix did not make a commit.");
    }

    /** A fix step's {@code charter-fix} and {@code charter-changed} lines. */
    private static Fix fix(List<String> out, String missing) {
        String commit = null;
        List<String> changed = new ArrayList<>();
        for (String l : out) {
            if (l.startsWith("charter-fix ")) {
                commit = sha(l.substring(12));
            } else if (l.startsWith("charter-changed ")) {
                changed.add(l.substring(16));
            }
        }
        if (commit == null) {
            throw new StepFailed(missing);
        }
        return new Fix(commit, changed);
    }

    private static String decode(String b64) {
        try {
            return new String(java.util.Base64.getDecoder().decode(b64), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new StepFailed("The repository's code came back garbled.");
        }
    }

    void push(String branch) {
        say.accept("Pushing " + branch);
        steps.run("push", List.of(branch), Duration.ofMinutes(10));
    }

    void openPull(String apiUrl, String owner, String repo) {
        say.accept("Opening the draft pull request");
        steps.run("pull", List.of(apiUrl, owner, repo), Duration.ofMinutes(2));
    }

    static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    static String figure(double v, String unit) {
        return (Math.abs(v) >= 100 ? String.format(java.util.Locale.ROOT, "%.0f", v)
                : String.format(java.util.Locale.ROOT, "%.3g", v)) + " " + unit;
    }

    private static String sha(String s) {
        String t = s.strip();
        if (!t.matches("[0-9a-f]{40}")) {
            throw new StepFailed("A step named a commit that is not a 40-character hex id.");
        }
        return t;
    }
}
