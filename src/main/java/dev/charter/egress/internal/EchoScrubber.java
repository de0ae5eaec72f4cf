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
     * A streamed body with every form of the credentials cut out as it passes: complete matches are replaced, and the
     * bytes that could still begin one are held back until more arrives (or the body ends). Since credentials hold
     * no line break (except a key file), whole lines pass at once, so events of a stream are not delayed.
     */
    static java.io.InputStream scrubbing(java.io.InputStream in, List<byte[]> secrets) {
        List<byte[]> forms = new ArrayList<>();
        for (byte[] secret : secrets) {
            if (secret.length >= MIN_LENGTH) {
                forms.addAll(forms(secret));
            }
        }
        return forms.isEmpty() ? in : new Scrubbing(in, forms, secrets);
    }

    private static final class Scrubbing extends java.io.InputStream {
        private final java.io.InputStream in;
        private final List<byte[]> forms;
        private final int hold;
        private final boolean lineSafe;
        private final List<byte[]> originals;
        private byte[] tail = new byte[0];
        private byte[] ready = new byte[0];
        private int at;
        private boolean ended;

        Scrubbing(java.io.InputStream in, List<byte[]> forms, List<byte[]> originals) {
            this.in = in;
            this.originals = originals;
            this.forms = forms;
            this.hold = forms.stream().mapToInt(f -> f.length).max().orElse(1) - 1;
            this.lineSafe = forms.stream().noneMatch(f -> indexOf(f, new byte[] {'\n'}, 0) >= 0);
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            while (at == ready.length) {
                if (ended) {
                    return -1;
                }
                fill();
            }
            int n = Math.min(len, ready.length - at);
            System.arraycopy(ready, at, b, off, n);
            at += n;
            return n;
        }

        private void fill() throws java.io.IOException {
            byte[] chunk = new byte[8192];
            int read = in.read(chunk);
            byte[] joined;
            if (read < 0) {
                ended = true;
                joined = replaceAll(tail, forms);
                tail = new byte[0];
                ready = joined;
                at = 0;
                return;
            }
            joined = new byte[tail.length + read];
            System.arraycopy(tail, 0, joined, 0, tail.length);
            System.arraycopy(chunk, 0, joined, tail.length, read);
            joined = replaceAll(joined, forms);
            int safe = Math.max(0, joined.length - hold);
            if (lineSafe) {
                for (int i = joined.length - 1; i >= safe; i--) {
                    if (joined[i] == '\n') {
                        safe = i + 1;
                        break;
                    }
                }
            }
            ready = java.util.Arrays.copyOfRange(joined, 0, safe);
            tail = java.util.Arrays.copyOfRange(joined, safe, joined.length);
            at = 0;
        }

        /** Wipes the copies made of the credentials (base64 form, parts); the credentials are their owner's. */
        @Override
        public void close() throws java.io.IOException {
            for (byte[] f : forms) {
                if (originals.stream().noneMatch(o -> o == f)) {
                    java.util.Arrays.fill(f, (byte) 0);
                }
            }
            in.close();
        }
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
