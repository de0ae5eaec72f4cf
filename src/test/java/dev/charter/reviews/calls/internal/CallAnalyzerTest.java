package dev.charter.reviews.calls.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.reviews.calls.internal.Transcripts.Utterance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transcript parsing and the deterministic measures. */
class CallAnalyzerTest {

    @Test
    void parsesZoomAndTeamsWebVtt() {
        List<Utterance> zoom = Transcripts.vtt("""
                WEBVTT

                1
                00:00:01.000 --> 00:00:04.500
                Ana Lima: Hello there. Is the date fixed?

                2
                01:00:05.000 --> 01:00:06.000
                no speaker here
                """);
        assertThat(zoom).hasSize(2);
        assertThat(zoom.get(0).speaker()).isEqualTo("Ana Lima");
        assertThat(zoom.get(0).start()).isEqualTo(1.0);
        assertThat(zoom.get(0).end()).isEqualTo(4.5);
        assertThat(zoom.get(0).text()).isEqualTo("Hello there. Is the date fixed?");
        assertThat(zoom.get(1).speaker()).isEqualTo("Unknown speaker");
        assertThat(zoom.get(1).start()).isEqualTo(3605.0);
        List<Utterance> teams = Transcripts.vtt("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Bo Chen>Right, <b>yes</b>.</v>\n");
        assertThat(teams).singleElement().satisfies(u -> {
            assertThat(u.speaker()).isEqualTo("Bo Chen");
            assertThat(u.text()).isEqualTo("Right, yes.");
        });
        assertThat(teams.get(0).toString()).doesNotContain("yes");
        assertThatThrownBy(() -> Transcripts.vtt("{\"not\":\"vtt\"}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void measuresTalkShareMonologuesAndQuestions() {
        List<Utterance> u = List.of(
                new Utterance("A", 0, 10, "Hi. How are you? What do you need?", null),
                new Utterance("A", 11, 20, "Let me explain.", null), // 1 s pause: the same monologue, 0 to 20
                new Utterance("B", 20, 30, "Fine. I'll send the numbers by Friday.", null),
                new Utterance("A", 35, 40, "Great?", null));
        List<CallAnalyzer.Speaker> s = CallAnalyzer.measures(u);
        CallAnalyzer.Speaker a = s.stream().filter(x -> x.name().equals("A")).findFirst().orElseThrow();
        CallAnalyzer.Speaker b = s.stream().filter(x -> x.name().equals("B")).findFirst().orElseThrow();
        assertThat(a.talkSeconds()).isEqualTo(24.0);
        assertThat(a.share()).isEqualTo(0.71);
        assertThat(a.longestMonologueSeconds()).isEqualTo(20.0);
        assertThat(a.questions()).isEqualTo(3);
        assertThat(b.longestMonologueSeconds()).isEqualTo(10.0);
        assertThat(b.questions()).isZero();
        assertThat(CallAnalyzer.nextSteps(u)).containsExactly("Let me explain.", "I'll send the numbers by Friday.");
    }
}
