package dev.charter.perfcases.web;

import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.AgentSession;
import dev.charter.perfcases.AgentSessions;
import dev.charter.perfcases.CodeHost;
import dev.charter.perfcases.CodeHosts;
import dev.charter.perfcases.NewCodeHost;
import dev.charter.perfcases.StartSession;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** GitHub App installations and agent sessions as JSON, and the App's webhook. */
@RestController
@Tag(name = "Perf cases")
class AgentApiController {

    /** The secrets arrive as strings in JSON; they go into the vault and are never answered. */
    record CodeHostRequest(String label, String apiBase, String gitBase, String appId, Long installationId, String account,
                           String privateKey, String webhookSecret) {}

    private final CodeHosts hosts;
    private final AgentSessions sessions;

    AgentApiController(CodeHosts hosts, AgentSessions sessions) {
        this.hosts = hosts;
        this.sessions = sessions;
    }

    @GetMapping("/api/v1/perfcases/code-hosts")
    @Operation(summary = "The organization's GitHub App installations")
    List<CodeHost> hosts(@AuthenticationPrincipal CurrentUser me) {
        return hosts.list(me.orgId());
    }

    @PostMapping("/api/v1/perfcases/code-hosts")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Connect a GitHub App installation: App id, installation id, account, private key and webhook "
            + "secret (admins; both secrets go into the vault)")
    CodeHost connect(@AuthenticationPrincipal CurrentUser me, @RequestBody CodeHostRequest r) {
        return hosts.connect(me, new NewCodeHost(r.label(), r.apiBase(), r.gitBase(), r.appId(), r.installationId(),
                r.account(), r.privateKey() == null ? null : r.privateKey().toCharArray(),
                r.webhookSecret() == null ? null : r.webhookSecret().toCharArray()));
    }

    @GetMapping("/api/v1/perfcases/code-hosts/{codeHostId}")
    @Operation(summary = "One GitHub App installation")
    CodeHost host(@AuthenticationPrincipal CurrentUser me, @PathVariable("codeHostId") UUID id) {
        return hosts.get(me.orgId(), id);
    }

    @PostMapping("/api/v1/perfcases/code-hosts/{codeHostId}/remove")
    @Operation(summary = "End a GitHub App installation for good: every session's next request is refused (admins)")
    CodeHost remove(@AuthenticationPrincipal CurrentUser me, @PathVariable("codeHostId") UUID id) {
        return hosts.remove(me, id);
    }

    @PostMapping("/webhooks/perfcases/github/{codeHostId}")
    @Operation(summary = "The GitHub App's webhook (ping, installation), signed with X-Hub-Signature-256")
    ResponseEntity<Map<String, Object>> webhook(@PathVariable("codeHostId") String id,
                                                @RequestHeader(value = "X-GitHub-Event", required = false) String event,
                                                @RequestHeader(value = "X-Hub-Signature-256", required = false) String signature,
                                                @RequestBody(required = false) byte[] body) {
        UUID host;
        try {
            host = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new dev.charter.shared.NotFoundException("Code host");
        }
        CodeHosts.WebhookAnswer a = hosts.webhook(host, event, signature, body == null ? new byte[0] : body);
        return ResponseEntity.status(a.status()).body(a.body());
    }

    @PostMapping("/api/v1/perfcases/cases/{caseId}/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Start an agent session on the case: bisect, revert, draft pull request (admins)")
    AgentSession start(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId,
                       @RequestBody StartSession r) {
        return sessions.start(me, caseId, r);
    }

    @GetMapping("/api/v1/perfcases/cases/{caseId}/sessions")
    @Operation(summary = "The case's agent sessions, newest first")
    List<AgentSession> forCase(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId) {
        return sessions.forCase(me.orgId(), caseId);
    }

    @GetMapping("/api/v1/perfcases/sessions/{sessionId}")
    @Operation(summary = "One agent session: status, step, statistics, culprit and pull request")
    AgentSession session(@AuthenticationPrincipal CurrentUser me, @PathVariable("sessionId") UUID id) {
        return sessions.get(me.orgId(), id);
    }

    @GetMapping("/api/v1/perfcases/sessions/{sessionId}/log")
    @Operation(summary = "The session's log lines after a sequence number")
    List<AgentSessions.LogLine> log(@AuthenticationPrincipal CurrentUser me, @PathVariable("sessionId") UUID id,
                                    @RequestParam(value = "after", defaultValue = "0") int after,
                                    @RequestParam(value = "limit", defaultValue = "1000") int limit) {
        return sessions.log(me.orgId(), id, after, limit);
    }
}
