package dev.charter.egress.internal.dlp;

/** A MIME message with a quoted-printable body (RFC 2045: 76-character lines, soft breaks), for the corpus. */
final class QuotedPrintable {

    private QuotedPrintable() {}

    /** The message, and the encoded span of {@code secret} (inside {@code phrase}, inside {@code body}). */
    static Carriers.Carried message(String body, String phrase, String secret) {
        int secretAt = body.indexOf(phrase) + phrase.indexOf(secret);
        StringBuilder out = new StringBuilder();
        int line = 0;
        int from = -1;
        int to = -1;
        for (int i = 0; i < body.length(); i++) {
            if (i == secretAt) {
                from = out.length();
            }
            char c = body.charAt(i);
            if (c == '\r' && i + 1 < body.length() && body.charAt(i + 1) == '\n') {
                out.append("\r\n");
                i++;
                line = 0;
            } else if (c == '\n') {
                out.append("\r\n");
                line = 0;
            } else {
                String enc = c == '=' || c > 126 || (c < 32 && c != '\t') ? String.format("=%02X", (int) c) : String.valueOf(c);
                if (line + enc.length() > 75) {
                    out.append("=\r\n");
                    line = 0;
                }
                out.append(enc);
                line += enc.length();
            }
            if (i == secretAt + secret.length() - 1 || (i == secretAt + secret.length() && body.charAt(i - 1) == '\r')) {
                to = out.length();
            }
        }
        String encoded = out.toString();
        String text = "From: kim@shop.test\r\nTo: vendor@partner.test\r\nSubject: migration\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + encoded + "\r\n";
        return new Carriers.Carried("email-qp", text, encoded.substring(from, to));
    }
}
