package dev.charter.pilots.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.shared.InvalidInputException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile expressions: each one fails within its limit with a message that names the limit,
 * whether the size is written in the expression or comes from the trigger's data, and afterwards the
 * process has no more threads and no more heap than before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpressionsHostileTest {

    /** The time limit plus room for a machine shared with other builds. */
    private static final long WITHIN_MILLIS = Expressions.TIMEOUT_MILLIS + 1500;
    private static final String LONG_AS = "a".repeat(50_000) + "!";

    private final Expressions expressions = new Expressions();
    /** The same limits with a long time limit, so that a size limit is proven apart from the time limit. */
    private final Expressions patient = new Expressions(30_000);
    private int threadsBefore;
    private long heapBefore;

    static Stream<Arguments> tooBig() {
        return Stream.of(
                Arguments.of("$pad(\"\", 100000000, \"x\")", "string would be longer"),
                Arguments.of("$pad(\"\", -100000000)", "string would be longer"),
                Arguments.of("$pad(\"\", trigger.n, \"x\")", "string would be longer"),
                Arguments.of("($p := $pad(?, 100000000); $p(\"x\"))", "string would be longer"),
                Arguments.of("$map([100000000], function($n){ $pad(\"\", $n) })", "string would be longer"),
                Arguments.of("$sum([1..10000000])", "more than 100,000 items"),
                Arguments.of("$sum([1..trigger.n])", "more than 100,000 items"),
                Arguments.of("$count([0..trigger.n])", "more than 100,000 items"),
                Arguments.of("($a := [1..100000]; [$a, $a, $a])", "more than 100,000 items"),
                Arguments.of("[1..1000].$append([1..1000], [])", "more than 100,000 items"),
                Arguments.of("[1..1000]#$i.[1..1000]", "more than 100,000 items"),
                Arguments.of("$append([1..60000], [1..60000])", "more than 100,000 items"),
                Arguments.of("[1..60000]{\"a\" & $: 1, \"b\" & $: 2}", "more than 100,000 items"),
                Arguments.of("($s := $pad(\"\", 900000, \"x\"); $join([$s, $s]))", "string would be longer"),
                Arguments.of("($s := $pad(\"\", 900000, \"x\"); $s & $s)", "string would be longer"),
                Arguments.of("($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f(\"x\", 40))",
                        "string would be longer"),
                Arguments.of("$replace($pad(\"\", 100000, \"a\"), \"a\", $pad(\"\", 1000, \"b\"))", "string would be longer"),
                Arguments.of("$replace(trigger.text, /a/, $pad(\"\", 100, \"b\"))", "string would be longer"),
                Arguments.of("$split($pad(\"\", 500000, \"a\"), \"\")", "more than 100,000 items"),
                Arguments.of("$split($pad(\"\", 500000, \"a\"), /a/)", "more than 100,000 items"),
                Arguments.of("$formatNumber(1, $pad(\"\", 5000, \"0\"))", "picture string"),
                Arguments.of("$encodeUrlComponent($pad(\"\", 400000, \"/\"))", "string would be longer"),
                Arguments.of("$base64encode($pad(\"\", 400000, \"\u00e9\"))", "string would be longer"),
                Arguments.of("($a := [1..1000]; $b := $map([1..300], function(){ $a }); $string($b))",
                        "string would be longer"),
                Arguments.of("($a := [1..1000]; $b := $map([1..1000], function(){ $a });"
                        + " $c := $map([1..1000], function(){ $b }); $distinct($c))", "larger than 2,000,000"),
                Arguments.of("($a := [1..1000]; $b := $map([1..1000], function(){ $a });"
                        + " $c := $map([1..1000], function(){ $b }); $c.**)", "larger than 2,000,000"),
                Arguments.of("($a := [1..1000]; $b := $map([1..1000], function(){ $a });"
                        + " $c := $map([1..1000], function(){ $b }); $c)", "result would be larger"),
                Arguments.of("($a := [1..1000]; {\"x\": $map([1..300], function(){ $a })} ~> |$|{\"y\": 1}|)",
                        "string would be longer"),
                Arguments.of("$reduce([1..5000], function($acc, $x){ {\"a\": $acc} }, {})", "nested more than"),
                Arguments.of("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))", "levels deep"),
                Arguments.of("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(trigger.n))", "levels deep"));
    }

    static Stream<Arguments> tooLong() {
        return Stream.of(
                Arguments.of("($f := function($n){ $f($n + 1) }; $f(0))", "ran longer than 1000 ms"),
                Arguments.of("$map([1..20], function($k){ $count($sort($map([1..100000], function($i){ ($i * 7919) % 100003 }),"
                        + " function($a, $b){ $a > $b })) })", "ran longer than 1000 ms"),
                Arguments.of("$count($map([1..100000], function($i){ $map([1..100000], function($j){ $j }) }))",
                        "ran longer than 1000 ms"),
                Arguments.of("$sum($map([1..100000], function($i){ $count($split(trigger.text, /(a+)+$/)) }))",
                        "ran longer than 1000 ms"));
    }

    @BeforeAll
    void measureBefore() {
        threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        heapBefore = heapAfterGc();
    }

    @ParameterizedTest
    @MethodSource("tooBig")
    void aHostileExpressionIsStoppedAtItsSizeOrDepthLimitAndSaysWhich(String expression, String why) {
        assertStopped(patient, expression, why);
    }

    @ParameterizedTest
    @MethodSource("tooLong")
    void aHostileExpressionIsStoppedAtItsTimeLimit(String expression, String why) {
        assertStopped(expressions, expression, why);
    }

    private static void assertStopped(Expressions expressions, String expression, String why) {
        var compiled = expressions.compile("expression", expression);
        long start = System.nanoTime();
        assertThatThrownBy(() -> expressions.evaluate(compiled, trigger()))
                .isInstanceOf(Expressions.ExpressionFailed.class)
                .hasMessageContaining(why)
                .hasMessageStartingWith("The expression was stopped: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception", "dashjoin", "java."));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(WITHIN_MILLIS);
    }

    @Test
    void catastrophicRegexesRunInLinearTime() {
        for (String expression : List.of("$match(trigger.text, /(a+)+$/)", "$contains(trigger.text, /(a|aa)+$/)",
                "$replace(trigger.text, /(a*)*b/, \"x\")", "$split(trigger.text, /(a+)+$/)", "/(a+)+$/(trigger.text)")) {
            long start = System.nanoTime();
            Object result = expressions.evaluate(expressions.compile("expression", expression), trigger());
            assertThat((System.nanoTime() - start) / 1_000_000).as(expression).isLessThan(WITHIN_MILLIS);
            assertThat(result).as(expression).isNotEqualTo(Boolean.TRUE);
        }
    }

    @Test
    void evalIsRefusedWhenTheExpressionIsSaved() {
        for (String expression : List.of("$eval(trigger.code)", "$map([trigger.code], $eval)", "($e := $eval; $e(\"1\"))")) {
            assertThatThrownBy(() -> expressions.compile("expression", expression))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("$eval is not available");
        }
    }

    @Test
    void regexesThatNeedBacktrackingAreRefusedWhenSaved() {
        for (String expression : List.of("$match(trigger.text, /(a)\\1/)", "$contains(trigger.text, /a(?=b)/)")) {
            assertThatThrownBy(() -> expressions.compile("expression", expression))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("backreferences, lookahead and lookbehind are not supported");
        }
    }

    @Test
    void ordinaryExpressionsStillWork() {
        Map<String, Object> cases = new java.util.LinkedHashMap<>();
        cases.put("$pad(\"ab\", 5, \"-\")", "ab---");
        cases.put("$pad(\"ab\", -5)", "   ab");
        cases.put("$pad(\"ab\", 6, \"xy\")", "abxyxy");
        cases.put("$join([\"a\", \"b\", \"c\"], \", \")", "a, b, c");
        cases.put("$replace(\"abcabc\", \"b\", \"X\")", "aXcaXc");
        cases.put("$replace(\"abcabc\", \"b\", \"X\", 1)", "aXcabc");
        cases.put("$replace(\"John Smith\", /(\\w+)\\s(\\w+)/, \"$2, $1\")", "Smith, John");
        cases.put("$replace(\"265USD\", /([0-9]+)USD/, \"$$$1\")", "$265");
        cases.put("$replace(\"abc\", /b/, function($m){ $uppercase($m.match) })", "aBc");
        cases.put("$split(\"a,b,,c\", \",\")", List.of("a", "b", "", "c"));
        cases.put("$split(\"a1b22c\", /[0-9]+/)", List.of("a", "b", "c"));
        cases.put("$split(\"abc\", \"\", 2)", List.of("a", "b"));
        cases.put("$count($match(\"ababbabbcc\", /a(b+)/))", 3);
        cases.put("$match(\"ababbabbcc\", /a(b+)/, 1).groups", List.of("b"));
        cases.put("$contains(\"abc\", /B/i)", true);
        cases.put("$string({\"a\": [1, \"x\"]})", "{\"a\":[1,\"x\"]}");
        cases.put("$sum([1..100])", 5050);
        cases.put("[1..3].($ * 2)", List.of(2, 4, 6));
        cases.put("$count([1, 2, 3]#$i.{\"i\": $i})", 3);
        cases.put("trigger.items[price > 10].name", "b");
        cases.put("$sort(trigger.items, function($l, $r){ $l.price < $r.price }).name", List.of("b", "a"));
        cases.put("$reduce([1..5], function($a, $b){ $a + $b })", 15);
        cases.put("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(20))", 20);
        cases.put("{\"n\": null, \"f\": function(){ 1 }}", java.util.Collections.singletonMap("n", null));
        cases.put("$formatNumber(1234.5, \"#,##0.00\")", "1,234.50");
        cases.put("trigger.text ~> $length()", LONG_AS.length());
        cases.put("{\"a\": 1} ~> |$|{\"b\": 2}|", new java.util.TreeMap<>(Map.of("a", 1, "b", 2)));
        cases.put("$count($keys(trigger.items{name: price}))", 2);
        cases.put("$encodeUrlComponent(\"a b/c\")", "a%20b%2Fc");
        cases.put("$base64encode(\"h\u00e9\")", "aMOp");
        cases.forEach((expression, expected) -> assertThat(json(expressions.evaluate(
                expressions.compile("expression", expression), trigger()))).as(expression).isEqualTo(json(expected)));
    }

    @Test
    void evaluationsOnManyThreadsAtOnceDoNotMixUp() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int me = t;
                Callable<Boolean> work = () -> {
                    var compiled = expressions.compile("expression", "$sum(trigger.values) & \":\" & $now()");
                    for (int i = 0; i < 300; i++) {
                        var result = expressions.evaluate(compiled, Map.of("trigger", Map.of("values", List.of(me, i))));
                        if (!String.valueOf(result).startsWith((me + i) + ":")) {
                            return false;
                        }
                    }
                    return true;
                };
                results.add(pool.submit(work));
            }
            for (var r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @AfterAll
    void threadsAndHeapAreBackToNormal() {
        assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(threadsBefore);
        assertThat(heapAfterGc() - heapBefore).isLessThan(64L * 1024 * 1024);
    }

    private static Map<String, Object> trigger() {
        return Map.of("trigger", Map.of("n", 100_000_000, "text", LONG_AS, "code", "$pad(\"\", 100000000)",
                "items", List.of(Map.of("name", "a", "price", 5), Map.of("name", "b", "price", 20))));
    }

    private static String json(Object value) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(value);
    }

    private static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
