package dev.charter.web;

import dev.charter.web.internal.BytesInputStream;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request whose body was read and checked once: the rest of the server reads the same bytes, and the form
 * fields decoded in the declared charset, never a second, lenient decoding by the container.
 */
final class CheckedRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final Charset charset;
    private final Map<String, String[]> parameters;

    /**
     * @param parameters the query's and the form body's fields, or null to leave parameters to the container
     */
    CheckedRequest(HttpServletRequest request, byte[] body, Charset charset, Map<String, List<String>> parameters) {
        super(request);
        this.body = body;
        this.charset = charset;
        if (parameters == null) {
            this.parameters = null;
        } else {
            Map<String, String[]> p = new LinkedHashMap<>();
            parameters.forEach((k, v) -> p.put(k, v.toArray(String[]::new)));
            this.parameters = Collections.unmodifiableMap(p);
        }
    }

    @Override
    public ServletInputStream getInputStream() {
        return new BytesInputStream(body);
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
    }

    @Override
    public String getCharacterEncoding() {
        return charset.name();
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public String getParameter(String name) {
        if (parameters == null) {
            return super.getParameter(name);
        }
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters == null ? super.getParameterMap() : parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return parameters == null ? super.getParameterNames() : Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        if (parameters == null) {
            return super.getParameterValues(name);
        }
        String[] values = parameters.get(name);
        return values == null ? null : values.clone();
    }
}
