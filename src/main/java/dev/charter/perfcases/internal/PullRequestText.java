package dev.charter.perfcases.internal;

import dev.charter.perfcases.PerfCase;
import java.util.List;
import java.util.Locale;

/**
 * The draft pull request's title and body: the case, the culprit commit, the benchmark before and after with its
 * statistics, a chart of every run (a Mermaid chart, which GitHub draws), the tests run, and that the merge is the
 * organization's. Markdown; nothing in it comes from outside the repository and the case.
 */
final class PullRequestText {

    private PullRequestText() {}

    static String title(PerfCase c, String culprit, String subject, AgentRun.Measured after, String explanation) {
        String s = subject.isBlank() ? "" : " (" + clip(subject, 60) + ")";
        String what = explanation == null ? "Revert " + AgentRun.shortSha(culprit) + s
                : "Fix the slowdown of " + AgentRun.shortSha(culprit) + s;
        return clip(what + ": " + percent(improvement(after)) + " faster " + c.service() + " benchmark", 200);
    }

    static String body(PerfCase c, AgentRun.Recipe recipe, AgentRun.Cloned cloned, String culprit,
                       AgentRun.Measured first, AgentRun.Measured after, List<AgentRun.Measured> all, boolean tests,
                       String explanation) {
        StringBuilder b = new StringBuilder();
        b.append("Charter's Perf cases found the commit that made **").append(c.service()).append("** slower (case: ")
                .append(c.title()).append(") and proposes ")
                .append(explanation == null ? "reverting it" : "a fix a model wrote for it")
                .append(". This is a draft: the merge is yours.\n\n");
        if (explanation != null) {
            b.append("## The fix\n\n").append(explanation).append("\n\nWritten by a model that saw only the case's "
                    + "statistics and this commit's code; it passed the tests and beat the noise below.\n\n");
        }
        b.append("## The culprit\n\n").append('`').append(culprit).append("` ")
                .append(cloned.subjects().getOrDefault(culprit, "")).append("\n\n");
        b.append("Found by bisecting ").append(cloned.commits().size()).append(" commit(s) between `")
                .append(AgentRun.shortSha(cloned.good())).append("` (fast) and `").append(AgentRun.shortSha(cloned.bad()))
                .append("` (slow), benchmarking each step against the fast version.\n\n");
        b.append("## The benchmark\n\n`").append(recipe.bench().replace("`", "'")).append("`, ").append(recipe.runs())
                .append(" runs per version, alternating; one-sided Mann-Whitney U test, alpha ")
                .append(recipe.alpha()).append(", minimum effect ").append(percent(recipe.minEffect())).append(".\n\n");
        b.append("| first → second | first, median | second, median | second against first | p-value |\n|---|---|---|---|---|\n");
        for (AgentRun.Measured m : all) {
            b.append("| ").append(m.label()).append(" | ").append(AgentRun.figure(m.cmp().baselineMedian(), recipe.unit()))
                    .append(" | ").append(AgentRun.figure(m.cmp().candidateMedian(), recipe.unit())).append(" | ")
                    .append(m.cmp().regression() ? "worse by " + percent(m.cmp().effect()) : m.cmp().verdict())
                    .append(" | ").append(String.format(Locale.ROOT, "%.4f", m.cmp().pValue())).append(" |\n");
        }
        b.append("\nWith ").append(explanation == null ? "the revert" : "the fix").append(", the benchmark is ").append(percent(improvement(after)))
                .append(" faster than the slow version (median ").append(AgentRun.figure(after.cmp().candidateMedian(), recipe.unit()))
                .append(" → ").append(AgentRun.figure(after.cmp().baselineMedian(), recipe.unit())).append(").\n\n");
        b.append("```mermaid\nxychart-beta\n  title \"Benchmark per run (").append(recipe.unit()).append(")\"\n  x-axis [");
        for (int i = 1; i <= recipe.runs(); i++) {
            b.append(i == 1 ? "" : ", ").append(i);
        }
        b.append("]\n  line ").append(series(first.aSamples())).append("\n  line ").append(series(first.bSamples()))
                .append("\n  line ").append(series(after.aSamples())).append("\n```\n");
        b.append("Lines: the fast version, the slow version, the slow version with the ")
                .append(explanation == null ? "revert" : "fix").append(".\n\n");
        b.append("## Tests\n\n").append(recipe.test().isEmpty() ? "The repository names no test command."
                : "`" + recipe.test().replace("`", "'") + "` " + (tests ? "passes" : "fails") + " with the "
                        + (explanation == null ? "revert" : "fix") + ".").append('\n');
        return b.toString();
    }

    private static double improvement(AgentRun.Measured after) {
        double slow = after.cmp().candidateMedian();
        double fixed = after.cmp().baselineMedian();
        return slow == 0 ? 0 : (slow - fixed) / Math.abs(slow);
    }

    private static String series(double[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", v[i]));
        }
        return s.append(']').toString();
    }

    private static String percent(double f) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * f);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
