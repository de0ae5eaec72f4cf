package dev.charter.pilots.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Parsed expressions are reused between evaluations of the same text (a Pilot runs the same expressions on every
 * run): nothing of one evaluation (its data, the variables it bound) reaches the next, a failed evaluation leaves
 * nothing behind, concurrent evaluations of one text each see their own data, and the checks of compile still
 * refuse what they refused before.
 */
class ExpressionsReuseTest {

    private final Expressions expressions = new Expressions();

    @Test
    void aVariableBoundInOneEvaluationIsUnknownToTheNext() {
        String canary = "canary-" + java.util.UUID.randomUUID();
        var e = expressions.compile("f", "trigger.secret ? ($kept := trigger.secret; \"bound\") : ($exists($kept) ? $kept : \"clean\")");
        assertThat(expressions.evaluate(e, Map.of("trigger", Map.of("secret", canary)))).isEqualTo("bound");
        for (int i = 0; i < 5; i++) {
            Object again = expressions.evaluate(expressions.compile("f", e.text()), Map.of("trigger", Map.of()));
            assertThat(again).isEqualTo("clean");
            assertThat(String.valueOf(again)).doesNotContain(canary);
        }
    }

    @Test
    void aFailedEvaluationLeavesTheTextWorking() {
        var e = expressions.compile("f", "$sum([1..trigger.n])");
        assertThatThrownBy(() -> expressions.evaluate(e, Map.of("trigger", Map.of("n", 10_000_000))))
                .isInstanceOf(Expressions.ExpressionFailed.class).hasMessageContaining("more than 100,000 items");
        assertThat(expressions.evaluate(e, Map.of("trigger", Map.of("n", 3)))).isEqualTo(6);
    }

    @Test
    void concurrentEvaluationsOfOneTextEachSeeTheirOwnData() throws Exception {
        var e = expressions.compile("f", "($who := trigger.who; $sum(trigger.items.price) & \":\" & $who)");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        String who = "w" + thread + "-" + i;
                        Object out = expressions.evaluate(e, Map.of("trigger",
                                Map.of("who", who, "items", List.of(Map.of("price", thread), Map.of("price", i)))));
                        if (!(thread + i + ":" + who).equals(out)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : all) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whatCompileRefusedItRefusesAgain() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> expressions.compile("f", "$eval(\"1 + 1\")"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("$eval is not available");
            assertThatThrownBy(() -> expressions.compile("f", "trigger.("))
                    .isInstanceOf(InvalidInputException.class);
        }
    }
}
