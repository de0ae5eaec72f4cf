package dev.charter.egress.internal.codehost;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands at the start of a git receive-pack request (git's pkt-line format, "git help protocol-pack"): each
 * line a four-hex-digit length (including itself), then {@code <old-id> <new-id> <ref>}, the first with
 * {@code \0} and the capabilities after it; a flush packet {@code 0000} ends them, and the pack follows.
 */
public final class PktLines {

    /** One ref update a push asks for. */
    public record Command(String oldId, String newId, String ref) {
        public boolean deletes() {
            return newId.chars().allMatch(c -> c == '0');
        }
    }

    /** A request body that is not a well-formed list of commands. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    private PktLines() {}

    public static List<Command> commands(byte[] body) throws Malformed {
        List<Command> out = new ArrayList<>();
        int i = 0;
        while (true) {
            if (i + 4 > body.length) {
                throw new Malformed("the push request ends before its flush packet");
            }
            int len;
            try {
                len = Integer.parseInt(new String(body, i, 4, StandardCharsets.US_ASCII), 16);
            } catch (NumberFormatException e) {
                throw new Malformed("a pkt-line length is not hexadecimal");
            }
            if (len == 0) {
                return out;
            }
            if (len < 4 || i + len > body.length) {
                throw new Malformed("a pkt-line length is out of range");
            }
            String line = new String(body, i + 4, len - 4, StandardCharsets.UTF_8);
            i += len;
            int nul = line.indexOf('\0');
            if (nul >= 0) {
                line = line.substring(0, nul);
            }
            if (line.endsWith("\n")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.startsWith("shallow ")) {
                continue;
            }
            String[] p = line.split(" ");
            if (p.length != 3 || !p[0].matches("[0-9a-f]{40}|[0-9a-f]{64}") || !p[1].matches("[0-9a-f]{40}|[0-9a-f]{64}")) {
                throw new Malformed("a push command is not '<old-id> <new-id> <ref>'");
            }
            out.add(new Command(p[0], p[1], p[2]));
        }
    }
}
