package dev.charter.egress;

import java.nio.file.Path;
import java.time.Instant;

/**
 * An open session proxy: the Unix socket to bind into the sandbox and the token the session presents on it
 * ({@code Proxy-Authorization: Bearer <token>}).
 */
public record ProxySession(String sessionId, Path socket, SessionToken token, Instant expiresAt) {}
