package dev.charter.ai.internal;

import dev.charter.ai.ModelKeys;
import dev.charter.connectors.AuthScheme;
import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.Connections;
import dev.charter.shared.OrgId;
import java.net.URI;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * An organization's Anthropic key is a connection (ADR 0052): an Anthropic API key connection, or an HTTP API
 * connection whose key goes in the {@code x-api-key} header, whose base URL is the configured Anthropic base URL
 * (same scheme, host and port; a base path the Messages endpoint lies under). Of several, the newest usable one is used. The key stays in the
 * vault; egress attaches it. An organization's own endpoint is its newest usable OpenAI-compatible connection.
 */
@Component
class ConnectionModelKeys implements ModelKeys {

    private final Connections connections;
    private final AiSettings settings;

    ConnectionModelKeys(Connections connections, AiSettings settings) {
        this.connections = connections;
        this.settings = settings;
    }

    @Override
    public Optional<ModelKey> orgKey(OrgId org) {
        URI messages = settings.anthropic().messagesUrl();
        return connections.list(org).stream()
                .filter(Connection::usable)
                .filter(c -> isAnthropicKey(c, messages) || c.kind() == ConnectionKind.AWS_BEDROCK
                        || isVertexKey(c))
                .max(Comparator.comparing(Connection::createdAt).thenComparing(c -> c.id().value()))
                .map(c -> new ModelKey(c.label(), c.credentialUse(),
                        c.kind() == ConnectionKind.AWS_BEDROCK ? c.baseUrl() : null, vertex(c)));
    }

    /** A Google Vertex AI connection: a service account key and {@code <project>/<region>/<model>}. */
    static boolean isVertexKey(Connection c) {
        return c.kind() == ConnectionKind.GOOGLE_VERTEX && c.authScheme() == AuthScheme.GOOGLE_SERVICE_ACCOUNT
                && c.headerName() != null && c.headerName().split("/", -1).length == 3;
    }

    private static ModelKeys.VertexModel vertex(Connection c) {
        if (!isVertexKey(c)) {
            return null;
        }
        String[] p = c.headerName().split("/", -1);
        return new ModelKeys.VertexModel(c.baseUrl(), p[0], p[1], p[2]);
    }

    @Override
    public Optional<ModelEndpoint> orgEndpoint(OrgId org) {
        return connections.list(org).stream()
                .filter(Connection::usable)
                .filter(c -> c.kind() == ConnectionKind.OPENAI_COMPATIBLE)
                .max(Comparator.comparing(Connection::createdAt).thenComparing(c -> c.id().value()))
                .map(c -> new ModelEndpoint(c.label(), c.baseUrl(), c.credentialUse()));
    }

    /** True when the connection's key may be sent to {@code messages} in the header Anthropic reads. */
    static boolean isAnthropicKey(Connection c, URI messages) {
        boolean keyKind = c.kind() == ConnectionKind.HTTP_API || c.kind() == ConnectionKind.ANTHROPIC_API_KEY;
        if (!keyKind || c.authScheme() != AuthScheme.HEADER
                || c.headerName() == null || !AiEgress.KEY_HEADER.equals(c.headerName().toLowerCase(Locale.ROOT))) {
            return false;
        }
        URI base = c.baseUrl();
        if (base == null || base.getHost() == null || !base.getScheme().equalsIgnoreCase(messages.getScheme())
                || !base.getHost().equalsIgnoreCase(messages.getHost()) || port(base) != port(messages)) {
            return false;
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        String prefix = path.endsWith("/") ? path : path + "/";
        return messages.getRawPath().startsWith(prefix);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
