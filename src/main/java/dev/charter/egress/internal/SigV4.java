package dev.charter.egress.internal;

import dev.charter.egress.Header;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, as AWS documents it ("Create a signed AWS API request"): a canonical request (method,
 * canonical URI with every path segment encoded again, sorted canonical query, lower-cased sorted headers with
 * trimmed values, signed header names, hex SHA-256 of the payload), the string to sign over its hash and the scope
 * {@code date/region/service/aws4_request}, and an HMAC-SHA256 key derived from the secret through date, region,
 * service and {@code aws4_request}. Runs inside egress only, with the secret lent by the vault for one exchange.
 * Checked against AWS's published test suite ({@code SigV4Test}).
 */
final class SigV4 {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    /** The parts of a signature; {@code authorization} is the header's value. */
    record Signed(String canonicalRequest, String stringToSign, String signature, String signedHeaders,
                  String authorization) {}

    private SigV4() {}

    static String amzDate(Instant at) {
        return STAMP.format(at);
    }

    /**
     * Signs a request whose headers already hold {@code host} and {@code x-amz-date} (and every other header to be
     * signed).
     *
     * @param rawPath  the path as sent, percent-encoded
     * @param rawQuery the query as sent, or null
     */
    static Signed sign(String method, String rawPath, String rawQuery, List<Header> headers, byte[] body,
                       String accessKeyId, byte[] secret, String region, String service) {
        String amzDate = null;
        TreeMap<String, List<String>> byName = new TreeMap<>();
        for (Header h : headers) {
            String name = h.name().toLowerCase(Locale.ROOT);
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(h.value().strip().replaceAll(" +", " "));
            if (name.equals("x-amz-date")) {
                amzDate = h.value().strip();
            }
        }
        if (amzDate == null || amzDate.length() != 16) {
            throw new IllegalArgumentException("a SigV4 request needs an x-amz-date header");
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (Map.Entry<String, List<String>> e : byName.entrySet()) {
            canonicalHeaders.append(e.getKey()).append(':').append(String.join(",", e.getValue())).append('\n');
        }
        String signedHeaders = String.join(";", byName.keySet());
        String canonicalRequest = method.toUpperCase(Locale.ROOT) + "\n" + canonicalUri(rawPath) + "\n"
                + canonicalQuery(rawQuery) + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + hex(sha256(body));
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = signingKey(secret, date, region, service);
        String signature = hex(hmac(key, stringToSign));
        String authorization = ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
        return new Signed(canonicalRequest, stringToSign, signature, signedHeaders, authorization);
    }

    /** HMAC chain from {@code "AWS4" + secret} through date, region, service and {@code aws4_request}. */
    static byte[] signingKey(byte[] secret, String date, String region, String service) {
        byte[] start = new byte[secret.length + 4];
        System.arraycopy("AWS4".getBytes(StandardCharsets.US_ASCII), 0, start, 0, 4);
        System.arraycopy(secret, 0, start, 4, secret.length);
        try {
            byte[] k = hmac(start, date);
            k = hmac(k, region);
            k = hmac(k, service);
            return hmac(k, "aws4_request");
        } finally {
            java.util.Arrays.fill(start, (byte) 0);
        }
    }

    /** Every segment of the (already encoded) path encoded once more, as AWS asks for every service but S3. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        String[] segments = rawPath.split("/", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(encode(segments[i]));
        }
        return out.toString();
    }

    /** Parameters decoded, encoded the AWS way, sorted by name then value, joined with {@code &}. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq));
            String v = eq < 0 ? "" : decode(part.substring(eq + 1));
            pairs.add(new String[] {encode(k), encode(v)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> joined = new ArrayList<>();
        for (String[] p : pairs) {
            joined.add(p[0] + "=" + p[1]);
        }
        return String.join("&", joined);
    }

    /** RFC 3986 unreserved characters stay, every other byte becomes {@code %XY} in upper case. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
