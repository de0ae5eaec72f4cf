package dev.charter.perfcases.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.egress.CodeHostInstallation;
import dev.charter.egress.CodeHostTokens;
import dev.charter.egress.InboundSignatures;
import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.CodeHost;
import dev.charter.perfcases.CodeHosts;
import dev.charter.perfcases.NewCodeHost;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import dev.charter.vault.Vault;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GitHub App installations (PRF-13): connected by an admin with the App's key and webhook secret (both into the
 * vault), ended by an admin, by the App's {@code installation} webhook, or by a mint GitHub refuses, and then for
 * good: egress drops the installation's tokens and every session's next request is refused.
 */
@Service
class CodeHostService implements CodeHosts {

    private static final Logger log = LoggerFactory.getLogger(CodeHostService.class);
    private static final Pattern APP_ID = Pattern.compile("[0-9]{1,20}");
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9-]{1,100}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CodeHostRepository hosts;
    private final Vault vault;
    private final CodeHostTokens tokens;
    private final InboundSignatures signatures;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    CodeHostService(CodeHostRepository hosts, Vault vault, CodeHostTokens tokens, InboundSignatures signatures,
                    AuditLog audit, Clock clock, PlatformTransactionManager transactions) {
        this.hosts = hosts;
        this.vault = vault;
        this.tokens = tokens;
        this.signatures = signatures;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public List<CodeHost> list(OrgId org) {
        return hosts.list(org);
    }

    @Override
    public CodeHost get(OrgId org, UUID id) {
        return row(org, id).host();
    }

    CodeHostRepository.Row row(OrgId org, UUID id) {
        return hosts.find(org, id).orElseThrow(() -> new NotFoundException("Code host"));
    }

    @Override
    public CodeHost connect(CurrentUser me, NewCodeHost in) {
        char[] key = in.privateKey() == null ? new char[0] : in.privateKey();
        char[] secret = in.webhookSecret() == null ? new char[0] : in.webhookSecret();
        try {
            me.requireAdmin();
            Map<String, String> errors = new LinkedHashMap<>();
            String label = in.label() == null ? "" : in.label().strip();
            if (label.isEmpty() || label.length() > 120) {
                errors.put("label", "Name the installation in 1 to 120 characters.");
            }
            URI api = TelemetryConnectionService.httpBase("apiBase",
                    in.apiBase() == null || in.apiBase().isBlank() ? "https://api.github.com" : in.apiBase(), true, errors);
            URI git = TelemetryConnectionService.httpBase("gitBase",
                    in.gitBase() == null || in.gitBase().isBlank() ? "https://github.com" : in.gitBase(), true, errors);
            if (in.appId() == null || !APP_ID.matcher(in.appId().strip()).matches()) {
                errors.put("appId", "Give the App's id, the number on its settings page.");
            }
            if (in.installationId() == null || in.installationId() <= 0) {
                errors.put("installationId", "Give the installation's id, the number at the end of its settings URL.");
            }
            if (in.account() == null || !ACCOUNT.matcher(in.account().strip()).matches()) {
                errors.put("account", "Give the account the App is installed on (letters, digits and dashes).");
            }
            String pem = new String(key).strip();
            if (!(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----") || pem.startsWith("-----BEGIN PRIVATE KEY-----"))
                    || !pem.contains("-----END ")) {
                errors.put("privateKey", "Paste the App's private key: the PEM file GitHub gave, from -----BEGIN to -----END.");
            }
            if (secret.length < 16 || secret.length > 500) {
                errors.put("webhookSecret", "Give the App's webhook secret, 16 to 500 characters.");
            }
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            UUID id = UUID.randomUUID();
            CodeHost host = new CodeHost(id, label, api, git, in.appId().strip(), in.installationId(), in.account().strip(),
                    "ACTIVE", null, clock.instant(), null);
            tx.executeWithoutResult(s -> {
                SecretRef k = vault.store(me.orgId(), CodeHostRepository.KEY_PURPOSE, "pem", pem.toCharArray(),
                        "GitHub App " + host.appId() + " key");
                SecretRef w = vault.store(me.orgId(), CodeHostRepository.WEBHOOK_PURPOSE, "secret", secret,
                        "GitHub App " + host.appId() + " webhook secret");
                hosts.insert(me.orgId(), host, k.credentialId(), w.credentialId(), me.userId().value());
                audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "perfcases.code-host.connected",
                                "perfcases-code-host:" + id)
                        .with("appId", host.appId()).with("installationId", Long.toString(host.installationId()))
                        .with("account", host.account()).with("apiBase", api.toString()));
            });
            return get(me.orgId(), id);
        } finally {
            Arrays.fill(key, '\0');
            Arrays.fill(secret, '\0');
        }
    }

    @Override
    public CodeHost remove(CurrentUser me, UUID id) {
        me.requireAdmin();
        CodeHostRepository.Row r = row(me.orgId(), id);
        end(r, "removed by " + me.email(), me.userId().value());
        return get(me.orgId(), id);
    }

    /** Ends the installation at once: the row first (every node asks it before each request), then egress's tokens. */
    void end(CodeHostRepository.Row r, String reason, UUID actor) {
        boolean ended = tx.execute(s -> {
            if (!hosts.end(r.org(), r.host().id(), reason, clock.instant())) {
                return false;
            }
            audit.record(AuditEvent.of(r.org(), actor, "perfcases.code-host.ended", "perfcases-code-host:" + r.host().id())
                    .with("reason", reason));
            return true;
        });
        if (ended) {
            tokens.forget(appKey(r), r.host().installationId());
        }
    }

    static SecretRef appKey(CodeHostRepository.Row r) {
        return new SecretRef(r.org(), r.appKeyId(), CodeHostRepository.KEY_PURPOSE);
    }

    @Override
    public WebhookAnswer webhook(UUID id, String event, String signature, byte[] body) {
        CodeHostRepository.Row r = hosts.findAnyOrg(id).orElseThrow(() -> new NotFoundException("Code host"));
        String expected = "sha256=" + signatures.hmacSha256Hex(r.org(),
                new SecretRef(r.org(), r.webhookSecretId(), CodeHostRepository.WEBHOOK_PURPOSE), body);
        if (signature == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            return new WebhookAnswer(401, Map.of("error",
                    "The X-Hub-Signature-256 does not match this installation's webhook secret."));
        }
        if ("ping".equals(event)) {
            return new WebhookAnswer(200, Map.of("status", "pong"));
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (JacksonException e) {
            return new WebhookAnswer(400, Map.of("error", "The body is not JSON."));
        }
        String action = payload.path("action").asString("");
        long installation = payload.path("installation").path("id").asLong(-1);
        if (!"installation".equals(event) || installation != r.host().installationId()) {
            return new WebhookAnswer(200, Map.of("status", "ignored"));
        }
        if (action.equals("deleted") || action.equals("suspend")) {
            end(r, "the installation was " + (action.equals("deleted") ? "removed" : "suspended") + " on GitHub", null);
            log.info("GitHub App installation {} of code host {} ended by its webhook ({})", installation, id, action);
            return new WebhookAnswer(200, Map.of("status", "ended"));
        }
        return new WebhookAnswer(200, Map.of("status", "ignored"));
    }

    /** The installation as the code host's rules ask about it, before every request of a session. */
    CodeHostInstallation installation(CodeHostRepository.Row r) {
        SecretRef key = appKey(r);
        return new CodeHostInstallation() {
            @Override
            public SecretRef appKey() {
                return key;
            }

            @Override
            public String appId() {
                return r.host().appId();
            }

            @Override
            public long installationId() {
                return r.host().installationId();
            }

            @Override
            public boolean active() {
                return hosts.active(r.org(), r.host().id());
            }

            @Override
            public void ended(String reason) {
                end(r, "GitHub refused a token: " + reason, null);
            }
        };
    }
}
