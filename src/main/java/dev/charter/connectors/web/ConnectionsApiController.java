package dev.charter.connectors.web;

import dev.charter.connectors.AuthScheme;
import dev.charter.connectors.ConnectionId;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.Connections;
import dev.charter.connectors.NewConnection;
import dev.charter.egress.SmtpSecurity;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import dev.charter.vault.SecretValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Connections as JSON. Credentials go in once, on create, and never come back out. */
@RestController
@RequestMapping("/api/v1/connections")
@Tag(name = "Connections")
class ConnectionsApiController {

    /**
     * @param secret      token, key or password (HTTP API)
     * @param webhookUrl  the whole incoming-webhook URL (webhook)
     * @param fernetToken a Fernet token holding the credential, with {@code fernetKey}, instead of {@code secret}
     * @param verify      check the connection live before saving it; nothing is saved if the check fails
     * @param host        SMTP or IMAP server: its host name ({@code port}, {@code security}, {@code username}, {@code secret}
     *                    as the password and {@code from} complete it)
     * @param region      Amazon Bedrock: the AWS region ({@code username} is the access key id, {@code secret} the secret
     *                    access key); Google Vertex AI: the region the model runs in
     * @param project     Google Vertex AI: the Google Cloud project ({@code secret} is the service account's JSON key)
     * @param model       Google Vertex AI: the model id, for example {@code claude-sonnet-4-5@20250929}
     */
    record CreateRequest(ConnectionKind kind, String label, String baseUrl, AuthScheme authScheme, String headerName,
                         String username, SecretValue secret, SecretValue webhookUrl, SecretValue fernetToken,
                         SecretValue fernetKey, List<String> scopes, String verifyPath, Boolean verify, String host,
                         Integer port, SmtpSecurity security, String from, String region, String project,
                         String model) {}

    private final Connections connections;

    ConnectionsApiController(Connections connections) {
        this.connections = connections;
    }

    @GetMapping
    @Operation(summary = "The organization's connections (never their credentials)")
    List<ConnectionView> list(@AuthenticationPrincipal CurrentUser me) {
        return connections.list(me.orgId()).stream().map(ConnectionView::of).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Connect a service (admin); with verify=true it is checked live first")
    ConnectionView create(@AuthenticationPrincipal CurrentUser me, @RequestBody CreateRequest body) {
        if (body == null) {
            throw new InvalidInputException("kind", "Send the connection as JSON.");
        }
        String headerName = body.kind() == ConnectionKind.AWS_BEDROCK ? body.region()
                : body.kind() == ConnectionKind.GOOGLE_VERTEX ? vertexScope(body.project(), body.region(), body.model())
                : body.headerName();
        var request = new NewConnection(body.kind(), body.label(), body.baseUrl(), body.authScheme(), headerName,
                body.username(), body.secret(), body.webhookUrl(), body.fernetToken(), body.fernetKey(), body.scopes(),
                body.verifyPath(), body.host(), body.port(), body.security(), body.from());
        return ConnectionView.of(connections.create(me, request, Boolean.TRUE.equals(body.verify())));
    }

    @GetMapping("/{connectionId}")
    @Operation(summary = "One connection")
    ConnectionView get(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID connectionId) {
        return ConnectionView.of(connections.get(me.orgId(), new ConnectionId(connectionId)));
    }

    @PostMapping("/{connectionId}/verify")
    @Operation(summary = "Check a connection live (admin); its status tells the outcome")
    ConnectionView verify(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID connectionId) {
        return ConnectionView.of(connections.verify(me, new ConnectionId(connectionId)));
    }

    @DeleteMapping("/{connectionId}")
    @Operation(summary = "Revoke a connection (admin): its credential is deleted at once; a revoked one is removed")
    ResponseEntity<ConnectionView> revoke(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID connectionId) {
        return connections.revoke(me, new ConnectionId(connectionId))
                .map(c -> ResponseEntity.ok(ConnectionView.of(c)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    /** Vertex AI's project, region and model as a connection keeps them, {@code <project>/<region>/<model>}. */
    static String vertexScope(String project, String region, String model) {
        return (project == null ? "" : project) + "/" + (region == null ? "" : region) + "/" + (model == null ? "" : model);
    }
}
