package dev.charter.web.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every request body without holding a worker thread, within {@link ServerSettings#bodyDeadline()}, before
 * anything else sees the request (docs/adr/0100-slow-clients.md). The body is read with the Servlet API's
 * non-blocking input ({@link ReadListener}) while the request waits asynchronously; once all of it has arrived the
 * request is dispatched again and the rest of the chain (security, controllers) runs on a worker thread with the
 * body already in memory, so no code path downstream can block on a slow client. A body still arriving at the
 * deadline is refused with 408 and the request never reaches a controller: a delivery cut off this way stores
 * nothing. Requests without a body pass straight through.
 */
final class BodyDeadlineFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(BodyDeadlineFilter.class);
    private static final String BODY = BodyDeadlineFilter.class.getName() + ".body";

    private final ServerSettings settings;
    private final MultipartConfigElement multipart;
    private final AtomicLong buffered = new AtomicLong();

    BodyDeadlineFilter(ServerSettings settings, MultipartConfigElement multipart) {
        this.settings = settings;
        this.multipart = multipart;
    }

    /** Bytes of request bodies held in memory now. */
    long buffered() {
        return buffered.get();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getDispatcherType() == DispatcherType.ASYNC && request.getAttribute(BODY) instanceof byte[] body) {
            request.removeAttribute(BODY);
            chain.doFilter(new BufferedBodyRequest(request, body, multipart), response);
            return;
        }
        long declared = request.getContentLengthLong();
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (request.getDispatcherType() != DispatcherType.REQUEST || (declared <= 0 && !chunked)) {
            chain.doFilter(request, response);
            return;
        }
        long max = settings.maxBodySize().toBytes();
        if (declared > max) {
            response.setHeader("Connection", "close");
            Problems.write(response, 413, "Content too large", "The body has " + declared
                    + " bytes; this server reads at most " + max + ".");
            return;
        }
        long reserved = Math.max(declared, 0);
        if (!reserve(reserved)) {
            busy(response);
            return;
        }
        new BodyReader(request, response, declared, reserved).start();
    }

    private boolean reserve(long bytes) {
        long limit = settings.bufferedBodies().toBytes();
        while (true) {
            long now = buffered.get();
            if (now + bytes > limit) {
                return false;
            }
            if (buffered.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    private static void busy(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "1");
        Problems.write(response, 503, "Busy", "The server holds as many request bodies as it may at once; "
                + "nothing was read or stored. Retry in a moment.");
    }

    /** One body being read; its callbacks run on container threads, one at a time. */
    private final class BodyReader implements ReadListener, AsyncListener {

        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final long declared;
        private final ByteArrayOutputStream body;
        private final byte[] chunk = new byte[8192];
        private final AtomicBoolean settled = new AtomicBoolean();
        private long reserved;
        private AsyncContext async;
        private ServletInputStream in;

        BodyReader(HttpServletRequest request, HttpServletResponse response, long declared, long reserved) {
            this.request = request;
            this.response = response;
            this.declared = declared;
            this.reserved = reserved;
            this.body = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), 1 << 16));
        }

        void start() throws IOException {
            async = request.startAsync();
            async.setTimeout(settings.bodyDeadline().toMillis());
            async.addListener(this);
            in = request.getInputStream();
            in.setReadListener(this);
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!settled.get() && in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return;
                }
                long size = body.size() + (long) n;
                if (size > settings.maxBodySize().toBytes()) {
                    refuse(413, "Content too large", "The body has more than " + settings.maxBodySize().toBytes()
                            + " bytes, the most this server reads.");
                    return;
                }
                if (size > reserved) {
                    // a chunked body, or more bytes than declared: hold the memory before keeping them
                    if (!reserve(size - reserved)) {
                        if (settled.compareAndSet(false, true)) {
                            response.setHeader("Connection", "close");
                            busy(response);
                            async.complete();
                        }
                        return;
                    }
                    reserved = size;
                }
                body.write(chunk, 0, n);
            }
        }

        @Override
        public void onAllDataRead() {
            if (settled.compareAndSet(false, true)) {
                request.setAttribute(BODY, body.toByteArray());
                async.dispatch();
            }
        }

        @Override
        public void onError(Throwable t) {
            // the client went away or broke the protocol: there is no one to answer
            log.debug("request body not read: {}", t.toString());
            settled.set(true);
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            refuse(408, "Request timeout", "The request body did not arrive within " + seconds() + " s ("
                    + body.size() + (declared > 0 ? " of " + declared : "") + " bytes came); nothing of it was used "
                    + "or stored. Send it again in one go.");
        }

        @Override
        public void onComplete(AsyncEvent event) {
            buffered.addAndGet(-reserved);
            reserved = 0;
        }

        @Override
        public void onError(AsyncEvent event) {
            settled.set(true);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // dispatches start no further asynchronous work of this reader
        }

        private void refuse(int status, String title, String detail) throws IOException {
            if (settled.compareAndSet(false, true)) {
                // the rest of the body is never read: the connection cannot carry another request
                response.setHeader("Connection", "close");
                Problems.write(response, status, title, detail);
                async.complete();
            }
        }

        private String seconds() {
            long ms = settings.bodyDeadline().toMillis();
            return ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format(java.util.Locale.ROOT, "%.1f", ms / 1000.0);
        }
    }

    /** Problem details written by hand: these answers are given before Spring MVC sees the request. */
    static final class Problems {
        private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

        private Problems() {}

        static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
            response.setStatus(status);
            response.setContentType("application/problem+json");
            byte[] json = ("{\"type\":\"about:blank\",\"title\":" + quote(title) + ",\"status\":" + status
                    + ",\"detail\":" + quote(detail) + "}").getBytes(StandardCharsets.UTF_8);
            response.setContentLength(json.length);
            response.getOutputStream().write(json);
            response.flushBuffer();
        }

        private static String quote(String s) {
            return JSON.writeValueAsString(s);
        }
    }
}
