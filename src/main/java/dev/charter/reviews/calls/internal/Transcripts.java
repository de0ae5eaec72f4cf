package dev.charter.reviews.calls.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Transcripts as the providers produce them, parsed into utterances: WebVTT (Zoom's {@code TRANSCRIPT} files, with
 * {@code Name: text} cues; Teams' {@code <v Name>text</v>} cues) and Aircall's transcription JSON. Only speaker, start,
 * end and text are kept, in memory, for the analysis.
 */
public final class Transcripts {

    /** One stretch of speech; {@code internal} is known only for Aircall (its agent), null otherwise. */
    public record Utterance(String speaker, double start, double end, String text, Boolean internal) {
        @Override
        public String toString() {
            return "Utterance[" + speaker + " " + start + "-" + end + "]"; // never the words
        }
    }

    private static final Pattern TIMING = Pattern.compile(
            "((?:\\d+:)?\\d{1,2}:\\d{2}[.,]\\d{1,3})\\s+-->\\s+((?:\\d+:)?\\d{1,2}:\\d{2}[.,]\\d{1,3}).*");
    private static final Pattern VOICE = Pattern.compile("<v(?:\\.[^ >]*)?\\s+([^>]+)>(.*?)(?:</v>)?", Pattern.DOTALL);
    private static final Pattern NAMED = Pattern.compile("^([^:]{1,80}):\\s+(.*)$", Pattern.DOTALL);
    private static final Pattern TAGS = Pattern.compile("<[^>]*>");

    private Transcripts() {}

    /** Parses WebVTT; refuses a file that does not start with {@code WEBVTT}. */
    public static List<Utterance> vtt(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (!body.startsWith("WEBVTT")) {
            throw new IllegalArgumentException("not a WebVTT file");
        }
        List<Utterance> out = new ArrayList<>();
        String[] blocks = body.replace("\r\n", "\n").replace('\r', '\n').split("\n\\s*\n");
        for (String block : blocks) {
            String[] lines = block.strip().split("\n");
            int i = 0;
            while (i < lines.length && !lines[i].contains("-->")) {
                i++;
            }
            if (i >= lines.length) {
                continue; // header, NOTE or STYLE block
            }
            Matcher t = TIMING.matcher(lines[i].strip());
            if (!t.matches()) {
                continue;
            }
            StringBuilder cue = new StringBuilder();
            for (int j = i + 1; j < lines.length; j++) {
                if (cue.length() > 0) {
                    cue.append(' ');
                }
                cue.append(lines[j].strip());
            }
            String speaker = "Unknown speaker";
            String words = cue.toString();
            Matcher v = VOICE.matcher(words);
            if (v.find() && v.start() == 0) {
                speaker = v.group(1).strip();
                words = words.substring(v.start(2));
            } else {
                Matcher n = NAMED.matcher(words);
                if (n.matches()) {
                    speaker = n.group(1).strip();
                    words = n.group(2);
                }
            }
            words = TAGS.matcher(words).replaceAll("").strip();
            if (!words.isEmpty()) {
                out.add(new Utterance(speaker, seconds(t.group(1)), seconds(t.group(2)), words, null));
            }
        }
        return out;
    }

    /**
     * Aircall's transcription ({@code GET /v1/calls/{id}/transcription}): {@code transcription.content.utterances} with
     * {@code start_time}, {@code end_time} (seconds), {@code text} and {@code participant_type} ({@code internal} for the
     * agent, {@code external} for the other party).
     */
    public static List<Utterance> aircall(JsonNode answer) {
        JsonNode t = answer.has("transcription") ? answer.get("transcription") : answer;
        JsonNode utterances = t.path("content").path("utterances");
        List<Utterance> out = new ArrayList<>();
        for (JsonNode u : utterances) {
            String type = u.path("participant_type").asString("");
            boolean internal = "internal".equalsIgnoreCase(type);
            String text = u.path("text").asString("").strip();
            if (text.isEmpty()) {
                continue;
            }
            String speaker = internal ? "Agent" : "Customer";
            out.add(new Utterance(speaker, u.path("start_time").asDouble(0), u.path("end_time").asDouble(0), text, internal));
        }
        return out;
    }

    static double seconds(String timing) {
        String[] p = timing.replace(',', '.').split(":");
        double s = Double.parseDouble(p[p.length - 1]);
        double m = Double.parseDouble(p[p.length - 2]);
        double h = p.length == 3 ? Double.parseDouble(p[0]) : 0;
        return h * 3600 + m * 60 + s;
    }
}
