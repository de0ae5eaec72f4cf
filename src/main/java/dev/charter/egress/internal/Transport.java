package dev.charter.egress.internal;

import java.io.IOException;

/** Sends one hop to the address the gateway checked and reads the answer. */
@FunctionalInterface
interface Transport {

    WireResponse exchange(WireRequest request) throws IOException;

    /**
     * Sends one hop and hands its answer to {@code reader} while it arrives; the connection closes when the reader
     * returns. This default reads the whole answer first (for transports that cannot stream).
     */
    default <T> T stream(WireRequest request, BodyReader<T> reader) throws IOException {
        WireResponse whole = exchange(request);
        return reader.read(whole.status(), whole.headers(), new java.io.ByteArrayInputStream(whole.body()));
    }

    /** Reads a streamed answer: status, headers and the body as it arrives. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(int status, java.util.List<dev.charter.egress.Header> headers, java.io.InputStream body) throws IOException;
    }
}
