package dev.charter.web;

import dev.charter.shared.InvalidInputException;
import dev.charter.shared.TextInput;
import dev.charter.shared.UploadRoutes;
import dev.charter.storage.CharterSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Where every request is read, before security, binding or any controller: one size limit for every body
 * ({@code CHARTER_MAX_PAYLOAD_BYTES}) but a file on a route a module declared for uploads ({@link UploadRoutes},
 * {@code CHARTER_MAX_UPLOAD_BYTES}), the declared charset honoured or refused (415), and text that is not valid in
 * it, holds a NUL or an unpaired surrogate, or JSON with a number that is not finite, refused with 400 naming the
 * field (a JSON pointer, a form field's or a query parameter's name). The checked bytes are what the rest of the
 * server reads, so nothing downstream decodes them a second, lenient way.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class RequestInputFilter extends OncePerRequestFilter {

    /** Request attribute with the sentence the HTML error page shows for a refusal made here. */
    static final String DETAIL = RequestInputFilter.class.getName() + ".detail";

    private static final Logger log = LoggerFactory.getLogger(RequestInputFilter.class);

    private final int maxBytes;
    private final int maxUploadBytes;
    private final List<Upload> uploads;
    private final Answers answers;

    /** One declared upload path. */
    private record Upload(PathPattern pattern, String what) {}

    RequestInputFilter(CharterSettings settings, Answers answers, List<UploadRoutes> uploadRoutes) {
        this.maxBytes = settings.maxPayloadBytes();
        this.maxUploadBytes = settings.maxUploadBytes();
        this.answers = answers;
        PathPatternParser parser = new PathPatternParser();
        this.uploads = uploadRoutes.stream()
                .flatMap(r -> r.patterns().stream().map(p -> new Upload(parser.parse(p), r.what()))).toList();
    }

    /** The upload route the request is on, or null. */
    private Upload upload(HttpServletRequest request) {
        if (uploads.isEmpty() || !"POST".equalsIgnoreCase(request.getMethod())) {
            return null;
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        PathContainer path = PathContainer.parsePath(context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri);
        return uploads.stream().filter(u -> u.pattern().matches(path)).findFirst().orElse(null);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getHeader("Content-Type");
        String media = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        HttpServletRequest checked;
        try {
            Map<String, List<String>> query = TextInput.formFields(request.getQueryString(), StandardCharsets.UTF_8);
            long declared = request.getContentLengthLong();
            Upload upload = upload(request);
            if (upload != null && (media.equals("application/octet-stream") || media.startsWith("multipart/"))) {
                // a file route: its own limit; the code that reads the file checks what it is
                if (declared > maxUploadBytes) {
                    refuse(request, response, 413, "Payload too large", "The body has " + declared + " bytes; "
                            + upload.what() + " may have at most " + maxUploadBytes + " bytes.", Map.of());
                    return;
                }
                chain.doFilter(request, response);
                return;
            }
            if (declared > maxBytes) {
                tooLarge(request, response, declared);
                return;
            }
            if (media.startsWith("multipart/")) {
                // the container parses the parts, bounded by the same limit (UploadLimits); the code that reads a
                // file checks its text with TextInput
                chain.doFilter(request, response);
                return;
            }
            byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                tooLarge(request, response, -1);
                return;
            }
            Charset charset = StandardCharsets.UTF_8;
            Map<String, List<String>> parameters = null;
            if (isJson(media) || (media.isEmpty() && body.length > 0)) {
                charset = TextInput.charset(contentType);
                TextInput.checkJson("", TextInput.decode(body, charset, "body"));
            } else if (media.equals("application/x-www-form-urlencoded")) {
                charset = TextInput.charset(contentType);
                Map<String, List<String>> fields = new LinkedHashMap<>(query);
                TextInput.formFields(new String(body, StandardCharsets.ISO_8859_1), charset)
                        .forEach((k, v) -> fields.merge(k, v, RequestInputFilter::concat));
                parameters = fields;
            } else if (media.startsWith("text/")) {
                charset = TextInput.charset(contentType);
                TextInput.decode(body, charset, "body");
            }
            checked = new CheckedRequest(request, body, charset, parameters);
        } catch (TextInput.UnsupportedCharset e) {
            refuse(request, response, 415, "Unsupported charset", e.getMessage(), Map.of());
            return;
        } catch (InvalidInputException e) {
            log.debug("Refused the input of {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            refuse(request, response, 400, "Invalid input", e.getMessage(), e.fieldErrors());
            return;
        }
        chain.doFilter(checked, response);
    }

    private static boolean isJson(String media) {
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, long declared) throws IOException {
        response.setHeader("Connection", "close");
        String size = declared > 0 ? "has " + declared + " bytes" : "is larger than " + maxBytes + " bytes";
        refuse(request, response, 413, "Payload too large", "The body " + size + "; a request may have at most "
                + maxBytes + " bytes. Send less, or split it.", Map.of());
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String title,
                        String detail, Map<String, String> errors) throws IOException {
        if (answers.wantsProblem(request.getRequestURI())) {
            answers.writeProblem(request, response, status, title, detail, errors);
        } else {
            // the error page is rendered here, from a request without the refused body: a page's model code that reads
            // parameters must not make the container parse what was just refused
            request.setAttribute(DETAIL, detail);
            request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
            request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
            response.setStatus(status);
            try {
                request.getRequestDispatcher("/error").forward(new CheckedRequest(request, new byte[0],
                        StandardCharsets.UTF_8, Map.of()), response);
            } catch (ServletException e) {
                throw new IOException(e);
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
