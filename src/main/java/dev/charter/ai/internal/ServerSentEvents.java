package dev.charter.ai.internal;

import dev.charter.ai.AiFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} as the WHATWG HTML standard defines it, just as much as model APIs use: lines
 * of {@code event:} and {@code data:} (several data lines joined by a line break), comments ({@code :}) and other
 * fields ignored, an event dispatched at a blank line, an unfinished event at the end dropped.
 */
final class ServerSentEvents {

    /** The longest line read; a model's event is far shorter. */
    static final int MAX_LINE = 1024 * 1024;

    /** One event: its name ({@code message} when none was given) and its data. */
    record Event(String name, String data) {}

    /** Receives each event; returns false to stop reading. */
    @FunctionalInterface
    interface Listener {
        boolean on(Event event) throws IOException;
    }

    private ServerSentEvents() {}

    /** Reads events until the stream ends or the listener says stop; true when the listener stopped it. */
    static boolean read(InputStream in, Listener listener) throws IOException {
        String name = null;
        StringBuilder data = null;
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean first = true;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return false;
            }
            if (c != '\n') {
                if (line.size() >= MAX_LINE) {
                    throw new AiFailedException(AiFailedException.Kind.BAD_ANSWER, "The model's stream sent a line "
                            + "longer than " + MAX_LINE + " bytes.");
                }
                line.write(c);
                continue;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (first && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            first = false;
            if (text.isEmpty()) {
                if (data != null && !listener.on(new Event(name == null ? "message" : name, data.toString()))) {
                    return true;
                }
                name = null;
                data = null;
                continue;
            }
            if (text.startsWith(":")) {
                continue;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                name = value;
            } else if (field.equals("data")) {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
        }
    }
}
