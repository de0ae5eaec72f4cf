package dev.charter.egress.internal;

import java.io.IOException;

/** Sends one hop to the address the gateway checked and reads the answer. */
@FunctionalInterface
interface Transport {

    WireResponse exchange(WireRequest request) throws IOException;
}
