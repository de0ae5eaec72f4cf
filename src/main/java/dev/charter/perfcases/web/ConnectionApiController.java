package dev.charter.perfcases.web;

import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.DetectionSettings;
import dev.charter.perfcases.MetricGrant;
import dev.charter.perfcases.NewTelemetryConnection;
import dev.charter.perfcases.TelemetryAuth;
import dev.charter.perfcases.TelemetryConnection;
import dev.charter.perfcases.TelemetryConnections;
import dev.charter.perfcases.TelemetryKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Telemetry connections as JSON: each one a grant; admins connect and revoke, members read. */
@RestController
@RequestMapping("/api/v1/perfcases/connections")
@Tag(name = "Perf cases")
class ConnectionApiController {

    /** A connection as shown: what it reads and how, never its credential or a reference to it. */
    record View(UUID id, TelemetryKind kind, String label, String baseUrl, TelemetryAuth auth, boolean active,
                MetricGrant grant, DetectionSettings detection, Instant createdAt, Instant revokedAt, Instant lastPassAt) {
        static View of(TelemetryConnection c) {
            return new View(c.id(), c.kind(), c.label(), c.baseUrl().toString(), c.auth(), c.active(), c.grant(),
                    c.detection(), c.createdAt(), c.revokedAt(), c.lastPassAt());
        }
    }

    private final TelemetryConnections connections;

    ConnectionApiController(TelemetryConnections connections) {
        this.connections = connections;
    }

    @GetMapping
    @Operation(summary = "The organization's telemetry connections; none until an admin connects a source")
    List<View> list(@AuthenticationPrincipal CurrentUser me) {
        return connections.list(me.orgId()).stream().map(View::of).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Connect a telemetry source: a new grant (admins)")
    View connect(@AuthenticationPrincipal CurrentUser me, @RequestBody NewTelemetryConnection request) {
        return View.of(connections.connect(me, request));
    }

    @GetMapping("/{telemetryConnectionId}")
    @Operation(summary = "One telemetry connection")
    View get(@AuthenticationPrincipal CurrentUser me, @PathVariable("telemetryConnectionId") UUID id) {
        return View.of(connections.get(me.orgId(), id));
    }

    @PostMapping("/{telemetryConnectionId}/revoke")
    @Operation(summary = "Revoke a grant: its credential is deleted and no query goes out through it any more (admins)")
    View revoke(@AuthenticationPrincipal CurrentUser me, @PathVariable("telemetryConnectionId") UUID id) {
        return View.of(connections.revoke(me, id));
    }
}
