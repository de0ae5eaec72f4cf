package dev.charter.egress.internal;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.ServerCredential;
import dev.charter.egress.internal.dlp.CredentialFingerprints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The server credentials the modules declared ({@link ServerCredential}): checks that a request may carry one, lends
 * its bytes for one exchange, and lets DLP recognise the values in any other request.
 */
final class ServerCredentials {

    static final ServerCredentials NONE = new ServerCredentials(List.of());

    private final Map<String, ServerCredential> byName = new HashMap<>();
    private final Set<Integer> lengths = new HashSet<>();

    ServerCredentials(List<ServerCredential> declared) {
        for (ServerCredential c : declared) {
            if (byName.putIfAbsent(c.name(), c) != null) {
                throw new IllegalStateException("server credential '" + c.name() + "' is declared twice");
            }
            byte[] bytes = c.value().utf8();
            lengths.add(new String(bytes, StandardCharsets.ISO_8859_1).length());
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The id a server credential has in audit records and DLP findings. */
    static String id(String name) {
        return "server:" + name;
    }

    /** Why {@code use} may not go out with a request of {@code purpose}, or null when it may. */
    String refusal(String purpose, CredentialUse use) {
        ServerCredential c = byName.get(use.serverCredential());
        if (c == null) {
            return "no server credential named '" + use.serverCredential() + "' is configured";
        }
        if (!c.purposes().contains(purpose)) {
            return "server credential '" + c.name() + "' may not be used for purpose '" + purpose + "'";
        }
        if (c.placement() != use.placement() || !Objects.equals(c.headerName(), use.headerName())
                || !c.base().equals(use.base())) {
            return "server credential '" + c.name() + "' is declared for another base URL or placement";
        }
        return null;
    }

    /** Lends the credential's bytes to {@code use} and wipes them afterwards. */
    <T> T use(String name, CredentialAccess.SecretUse<T> use) throws IOException {
        ServerCredential c = byName.get(name);
        if (c == null) {
            throw new IllegalStateException("no server credential named '" + name + "'");
        }
        byte[] bytes = c.value().utf8();
        try {
            return use.apply(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The organization's stored credentials plus the server credentials, so DLP finds either in a request. */
    CredentialFingerprints with(CredentialFingerprints org) {
        if (byName.isEmpty()) {
            return org;
        }
        return new CredentialFingerprints() {
            @Override
            public String match(String candidate) {
                String id = org.plausibleLength(candidate.length()) ? org.match(candidate) : null;
                return id != null ? id : matchServer(candidate);
            }

            @Override
            public boolean plausibleLength(int length) {
                return lengths.contains(length) || org.plausibleLength(length);
            }
        };
    }

    private String matchServer(String candidate) {
        if (!lengths.contains(candidate.length())) {
            return null;
        }
        byte[] wire = candidate.getBytes(StandardCharsets.ISO_8859_1);
        String found = null;
        for (ServerCredential c : byName.values()) {
            byte[] value = c.value().utf8();
            if (MessageDigest.isEqual(value, wire)) {
                found = id(c.name());
            }
            Arrays.fill(value, (byte) 0);
        }
        return found;
    }
}
