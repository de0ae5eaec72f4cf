package dev.charter.web.internal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.catalina.core.ApplicationPart;
import org.apache.tomcat.util.http.fileupload.FileItem;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.UploadContext;
import org.apache.tomcat.util.http.fileupload.disk.DiskFileItemFactory;

/**
 * A request whose body has been read into memory by {@link BodyDeadlineFilter}: the input stream, the reader, form
 * parameters and multipart parts all come from those bytes, and the request presents itself as the original
 * (REQUEST) dispatch it is, so every filter after it handles it as a fresh request.
 */
final class BufferedBodyRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final MultipartConfigElement multipart;
    private Map<String, String[]> parameters;
    private List<Part> parts;
    private boolean streamUsed;

    BufferedBodyRequest(HttpServletRequest request, byte[] body, MultipartConfigElement multipart) {
        super(request);
        this.body = body;
        this.multipart = multipart;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
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
    public ServletInputStream getInputStream() {
        streamUsed = true;
        return new BytesInputStream(body);
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters().get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return Collections.unmodifiableMap(parameters());
    }

    @Override
    public java.util.Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values.clone();
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        if (!isMultipart()) {
            throw new ServletException("The request is not multipart/form-data.");
        }
        if (parts == null) {
            parts = parseParts();
        }
        return parts;
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        return getParts().stream().filter(p -> p.getName().equals(name)).findFirst().orElse(null);
    }

    /** The query string's parameters (from the container), then a form body's, as the container would merge them. */
    private Map<String, String[]> parameters() {
        if (parameters != null) {
            return parameters;
        }
        Map<String, List<String>> merged = new LinkedHashMap<>();
        super.getParameterMap().forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(List.of(v)));
        if (!streamUsed && "POST".equalsIgnoreCase(getMethod())) {
            if (isForm()) {
                addForm(merged, new String(body, charset()), charset());
            } else if (isMultipart()) {
                try {
                    for (Part part : getParts()) {
                        if (part.getSubmittedFileName() == null) {
                            merged.computeIfAbsent(part.getName(), x -> new ArrayList<>())
                                    .add(((ApplicationPart) part).getString(charset().name()));
                        }
                    }
                } catch (IOException | ServletException | IllegalStateException e) {
                    // the container leaves parameters of an unreadable multipart body out, too; getParts() reports it
                }
            }
        }
        Map<String, String[]> result = new LinkedHashMap<>();
        merged.forEach((k, v) -> result.put(k, v.toArray(String[]::new)));
        parameters = result;
        return result;
    }

    private static void addForm(Map<String, List<String>> into, String text, Charset charset) {
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            try {
                String k = URLDecoder.decode(kv[0], charset);
                String v = kv.length > 1 ? URLDecoder.decode(kv[1], charset) : "";
                into.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException e) {
                // a malformed escape: the container skips such a pair, and so does this
            }
        }
    }

    private List<Part> parseParts() throws IOException, ServletException {
        File location = new File(multipart.getLocation().isEmpty()
                ? System.getProperty("java.io.tmpdir") : multipart.getLocation());
        DiskFileItemFactory factory = new DiskFileItemFactory(Math.max(multipart.getFileSizeThreshold(), 0), location);
        factory.setDefaultCharset(charset().name());
        FileUpload upload = new FileUpload();
        upload.setFileItemFactory(factory);
        upload.setFileSizeMax(multipart.getMaxFileSize());
        upload.setSizeMax(multipart.getMaxRequestSize());
        upload.setFileCountMax(1000);
        try {
            List<Part> result = new ArrayList<>();
            for (FileItem item : upload.parseRequest(new Context())) {
                result.add(new ApplicationPart(item, location));
            }
            return result;
        } catch (FileUploadException e) {
            // the same exception the container throws, so Spring maps size limits to MaxUploadSizeExceededException
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private boolean isForm() {
        return mediaType().equals("application/x-www-form-urlencoded");
    }

    private boolean isMultipart() {
        return mediaType().equals("multipart/form-data");
    }

    private String mediaType() {
        String type = getContentType();
        return type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private Charset charset() {
        String name = getCharacterEncoding();
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private final class Context implements UploadContext {
        @Override
        public String getCharacterEncoding() {
            return charset().name();
        }

        @Override
        public String getContentType() {
            return BufferedBodyRequest.this.getContentType();
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public long contentLength() {
            return body.length;
        }
    }
}
