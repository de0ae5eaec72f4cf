package dev.charter.egress;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A registered OAuth client and a pending authorization, as the vault stores it before the code is exchanged.
 * {@link #credential()} gives the bytes to store with {@link dev.charter.vault.CredentialKind#OAUTH2}; the caller
 * zeroes them. {@code toString} shows no secret.
 *
 * @param clientId     the client's id (not secret)
 * @param clientSecret the client's secret; zeroed by the caller after {@link #credential()}
 * @param tokenUri     the provider's token endpoint
 * @param basicAuth    true to authenticate with HTTP Basic ({@code client_secret_basic}), false to send the secret
 *                     in the form ({@code client_secret_post})
 * @param codeVerifier the PKCE code verifier of the pending authorization
 * @param purpose      the egress purpose whose policy allows the token endpoint (also used for refreshes)
 */
public record OAuthClient(String clientId, char[] clientSecret, URI tokenUri, boolean basicAuth, String codeVerifier,
                          String purpose) {

    private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7e]{1,2000}");

    public OAuthClient {
        Objects.requireNonNull(tokenUri, "token URI");
        Objects.requireNonNull(purpose, "purpose");
        if (clientId == null || !VALUE.matcher(clientId).matches()) {
            throw new IllegalArgumentException("a client id is printable text without spaces");
        }
        if (codeVerifier == null || !VALUE.matcher(codeVerifier).matches()) {
            throw new IllegalArgumentException("a code verifier is printable text without spaces");
        }
        if (clientSecret == null || clientSecret.length == 0) {
            throw new IllegalArgumentException("a client secret is required");
        }
        for (char c : clientSecret) {
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("a client secret is printable text without spaces");
            }
        }
    }

    /** The grant as the vault stores it: one {@code name=value} line each. */
    public byte[] credential() {
        StringBuilder head = new StringBuilder();
        head.append("client_id=").append(clientId).append('\n')
                .append("token_uri=").append(tokenUri).append('\n')
                .append("client_auth=").append(basicAuth ? "basic" : "post").append('\n')
                .append("token_purpose=").append(purpose).append('\n')
                .append("code_verifier=").append(codeVerifier).append('\n')
                .append("client_secret=");
        CharBuffer all = CharBuffer.allocate(head.length() + clientSecret.length);
        all.put(head.toString()).put(clientSecret).flip();
        ByteBuffer bb = StandardCharsets.UTF_8.encode(all);
        byte[] out = Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
        Arrays.fill(bb.array(), (byte) 0);
        Arrays.fill(all.array(), '\0');
        return out;
    }

    @Override
    public String toString() {
        return "OAuthClient[" + clientId + " at " + tokenUri.getHost() + ", secret redacted]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
