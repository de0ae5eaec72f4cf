package dev.charter.egress.internal;

import dev.charter.egress.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Cuts the credential a request carried out of the answer before the caller sees it (EGR-3): some services echo the
 * key they refused in their error message ("Incorrect API key provided: sk-…"), and the caller would then hold it.
 * The credential and its base64 form are replaced by {@code [credential]} in the body and in every header value.
 */
final class EchoScrubber {

    static final byte[] MARK = "[credential]".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_LENGTH = 6;

    private EchoScrubber() {}

    static WireResponse scrub(WireResponse answer, byte[] secret) {
        if (secret.length < MIN_LENGTH) {
            return answer;
        }
        byte[] encoded = Base64.getEncoder().encode(secret);
        byte[] body = replace(replace(answer.body(), secret), encoded);
        List<Header> headers = new ArrayList<>(answer.headers().size());
        boolean changed = body != answer.body();
        for (Header h : answer.headers()) {
            byte[] value = h.value().getBytes(StandardCharsets.ISO_8859_1);
            byte[] clean = replace(replace(value, secret), encoded);
            changed |= clean != value;
            headers.add(clean == value ? h : new Header(h.name(), new String(clean, StandardCharsets.ISO_8859_1)));
        }
        return changed ? new WireResponse(answer.status(), headers, body) : answer;
    }

    /** {@code in} with every occurrence of {@code what} replaced by the mark; {@code in} itself when there is none. */
    static byte[] replace(byte[] in, byte[] what) {
        int first = indexOf(in, what, 0);
        if (first < 0) {
            return in;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        int from = 0;
        for (int at = first; at >= 0; at = indexOf(in, what, from)) {
            out.write(in, from, at - from);
            out.writeBytes(MARK);
            from = at + what.length;
        }
        out.write(in, from, in.length - from);
        return out.toByteArray();
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i + what.length <= in.length; i++) {
            if (in[i] != what[0]) {
                continue;
            }
            for (int j = 1; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
