package dev.charter.egress.internal;

import dev.charter.egress.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Cuts the credential a request carried out of the answer before the caller sees it (EGR-3): some services echo the
 * key they refused in their error message ("Incorrect API key provided: sk-…"), and the caller would then hold it.
 * The credential, its base64 form and the long parts of a composite credential are replaced by {@code [credential]} in
 * the body and in every header value.
 */
final class EchoScrubber {

    static final byte[] MARK = "[credential]".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_LENGTH = 6;

    private EchoScrubber() {}

    static WireResponse scrub(WireResponse answer, byte[] secret) {
        if (secret.length < MIN_LENGTH) {
            return answer;
        }
        List<byte[]> forms = forms(secret);
        byte[] body = replaceAll(answer.body(), forms);
        List<Header> headers = new ArrayList<>(answer.headers().size());
        boolean changed = body != answer.body();
        for (Header h : answer.headers()) {
            byte[] value = h.value().getBytes(StandardCharsets.ISO_8859_1);
            byte[] clean = replaceAll(value, forms);
            changed |= clean != value;
            headers.add(clean == value ? h : new Header(h.name(), new String(clean, StandardCharsets.ISO_8859_1)));
        }
        for (int i = 1; i < forms.size(); i++) {
            java.util.Arrays.fill(forms.get(i), (byte) 0); // copies of the secret: wiped like the secret itself
        }
        return changed ? new WireResponse(answer.status(), headers, body) : answer;
    }

    /**
     * The credential, its base64 form, and each part of a composite one ({@code user:password}, {@code key id:secret
     * access key:session token}) long enough to be told from ordinary words.
     */
    private static List<byte[]> forms(byte[] secret) {
        List<byte[]> forms = new ArrayList<>(List.of(secret, Base64.getEncoder().encode(secret)));
        int from = 0;
        for (int i = 0; i <= secret.length; i++) {
            if (i == secret.length || secret[i] == ':') {
                if (i - from >= 8 && (from > 0 || i < secret.length)) {
                    forms.add(java.util.Arrays.copyOfRange(secret, from, i));
                }
                from = i + 1;
            }
        }
        return forms;
    }

    private static byte[] replaceAll(byte[] in, List<byte[]> forms) {
        byte[] out = in;
        for (byte[] f : forms) {
            out = replace(out, f);
        }
        return out;
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
