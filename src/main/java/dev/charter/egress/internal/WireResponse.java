package dev.charter.egress.internal;

import dev.charter.egress.Header;
import java.util.List;

/** A parsed HTTP/1.1 answer: status, headers in the order received, and the (already de-chunked) body. */
record WireResponse(int status, List<Header> headers, byte[] body) {

    String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }
}
