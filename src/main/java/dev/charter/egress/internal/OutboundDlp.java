package dev.charter.egress.internal;

import dev.charter.egress.Header;
import dev.charter.egress.internal.dlp.Aliases;
import dev.charter.egress.internal.dlp.CredentialFingerprints;
import dev.charter.egress.internal.dlp.DlpScanner;
import dev.charter.egress.internal.dlp.ExactMatchDetector;
import dev.charter.egress.internal.dlp.Finding;
import dev.charter.egress.internal.dlp.Redactor;
import dev.charter.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Outbound DLP for one hop: scans the URL, each header (with its name, which is context) and the body for the
 * organization's stored credentials and for well-known secret formats, and can replace what it found with aliases.
 */
final class OutboundDlp {

    /** The findings in one hop's headers and body. */
    record Result(Map<Integer, List<Finding>> headers, List<Finding> body) {
        boolean clean() {
            return headers.isEmpty() && body.isEmpty();
        }

        /** Kinds found and how often, e.g. {@code credential x1, github x2}: safe to audit. */
        String summary() {
            Map<String, Integer> kinds = new TreeMap<>();
            body.forEach(f -> kinds.merge(f.kind(), 1, Integer::sum));
            headers.values().forEach(l -> l.forEach(f -> kinds.merge(f.kind(), 1, Integer::sum)));
            return kinds.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
        }

        /** Ids of the stored credentials found, never their values. */
        List<String> credentials() {
            return java.util.stream.Stream.concat(body.stream(), headers.values().stream().flatMap(List::stream))
                    .map(Finding::credential).filter(java.util.Objects::nonNull).distinct().sorted().toList();
        }

        String credentialNote() {
            List<String> ids = credentials();
            return ids.isEmpty() ? "" : " (stored credentials " + String.join(", ", ids) + ")";
        }

        /** Safe details for an audit record of a DLP refusal: kinds found and ids of stored credentials. */
        Map<String, String> auditDetails() {
            Map<String, String> d = new java.util.LinkedHashMap<>();
            d.put("dlp", summary());
            if (!credentials().isEmpty()) {
                d.put("credentials", String.join(",", credentials()));
            }
            return d;
        }

        /** What was found where, e.g. "a GitHub token in the body": for the denial reason. */
        String describe() {
            List<String> parts = new ArrayList<>();
            headers.values().stream().flatMap(List::stream).map(Finding::label).distinct()
                    .forEach(l -> parts.add("a " + l + " in a header"));
            body.stream().map(Finding::label).distinct().forEach(l -> parts.add("a " + l + " in the body"));
            return String.join(", ", parts);
        }
    }

    private final DlpScanner scanner;
    private final Aliases aliases;

    OutboundDlp(DlpScanner scanner, Aliases aliases) {
        this.scanner = scanner;
        this.aliases = aliases;
    }

    /** Findings in the request target (path and query). */
    List<Finding> scanUrl(String requestTarget, CredentialFingerprints fingerprints, String allowedCredential) {
        return scanner.scan(requestTarget, List.of(new ExactMatchDetector(fingerprints, allowedCredential)));
    }

    /**
     * Findings in headers (scanned as "Name: value", the name being context) and the body.
     *
     * @param allowedCredential the id of the credential travelling to its own connection with this hop, or null
     */
    Result scanContent(List<Header> headers, byte[] body, CredentialFingerprints fingerprints, String allowedCredential) {
        List<ExactMatchDetector> exact = List.of(new ExactMatchDetector(fingerprints, allowedCredential));
        Map<Integer, List<Finding>> inHeaders = new TreeMap<>();
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            int offset = h.name().length() + 2;
            List<Finding> found = scanner.scan(h.name() + ": " + h.value(), exact).stream()
                    .filter(f -> f.end() > offset)
                    .map(f -> new Finding(f.kind(), f.label(), Math.max(0, f.start() - offset), f.end() - offset,
                            f.priority(), f.credential()))
                    .toList();
            if (!found.isEmpty()) {
                inHeaders.put(i, found);
            }
        }
        List<Finding> inBody = scanner.scan(new String(body, StandardCharsets.ISO_8859_1), exact);
        return new Result(inHeaders, inBody);
    }

    /** {@code text} with every finding replaced by {@code [secret:<kind>]}: safe to show to people. */
    String readable(String text, CredentialFingerprints fingerprints) {
        List<Finding> found = scanner.scan(text, List.of(new ExactMatchDetector(fingerprints, null)));
        return found.isEmpty() ? text : Redactor.replace(text, found, f -> "[secret:" + f.kind() + "]");
    }

    /** The path part of a request target with findings replaced by {@code [secret:<kind>]}: safe to audit. */
    static String redactedPath(String requestTarget, List<Finding> urlFindings) {
        int q = requestTarget.indexOf('?');
        String path = q < 0 ? requestTarget : requestTarget.substring(0, q);
        List<Finding> inPath = urlFindings.stream().filter(f -> f.start() < path.length())
                .map(f -> new Finding(f.kind(), f.label(), f.start(), Math.min(f.end(), path.length()), f.priority(),
                        f.credential()))
                .toList();
        return Redactor.replace(path, inPath, f -> "[secret:" + f.kind() + "]");
    }

    List<Header> replaceInHeaders(OrgId org, List<Header> headers, Result r) {
        List<Header> out = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            List<Finding> found = r.headers().get(i);
            out.add(found == null ? h : new Header(h.name(), Redactor.replace(h.value(), found,
                    f -> aliases.alias(org, f.kind(), Redactor.canonical(h.value().substring(f.start(), f.end()))))));
        }
        return out;
    }

    byte[] replaceInBody(OrgId org, byte[] body, Result r) {
        if (r.body().isEmpty()) {
            return body;
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        return Redactor.replace(text, r.body(), f -> aliases.alias(org, f.kind(), Redactor.canonical(text.substring(f.start(), f.end()))))
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
