package dev.charter.pilots.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import dev.charter.vault.SecretValue;
import dev.charter.vault.Vault;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Creating, changing, listing and deleting Pilots; every definition is checked whole before it is saved. */
@Service
public class PilotService {

    static final int MAX_STEPS = 50;
    private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    /**
     * A Pilot as pages and the API show it. The delivery secret is shown to its organization only; a Pilot that checks
     * its sender's signature has a delivery path without a secret, and says whether the sender's signing secret is set
     * (the secret itself is never shown again).
     */
    public record Pilot(UUID id, PilotDefinition definition, String deliveryPath, Instant nextRunAt, Instant createdAt,
                        Instant updatedAt, boolean signingSecretSet) {}

    private final PilotRepository repo;
    private final StepKinds kinds;
    private final DeliverySecrets secrets;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final PilotsSettings settings;

    private final Vault vault;

    PilotService(PilotRepository repo, StepKinds kinds, DeliverySecrets secrets, AuditLog audit, JsonMapper json,
                 Clock clock, PilotsSettings settings, Vault vault) {
        this.vault = vault;
        this.repo = repo;
        this.kinds = kinds;
        this.secrets = secrets;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
    }

    public List<PilotRepository.Summary> list(CurrentUser me) {
        return repo.list(me.orgId());
    }

    /** One page of the organization's Pilots found by title and status (see {@link PilotRepository#search}). */
    public PilotRepository.SummaryPage search(CurrentUser me, String title, Boolean enabled, String lastStatus,
                                              int offset, int limit) {
        return repo.search(me.orgId(), title == null ? "" : title, enabled, lastStatus, Math.max(offset, 0),
                Math.min(Math.max(limit, 1), 100));
    }

    public Pilot get(CurrentUser me, UUID id) {
        return view(row(me.orgId(), id));
    }

    @Transactional
    public Pilot create(CurrentUser me, PilotDefinition definition) {
        PilotDefinition d = normalize(definition);
        validate(d);
        UUID id = UUID.randomUUID();
        repo.insert(new PilotRepository.PilotRow(id, me.orgId().value(), me.userId().value(), d.title(), d.description(),
                d.enabled(), d.trigger().kind(), d.trigger().cron(), d.trigger().timeZone(), nextRun(d), DeliverySecrets.newNonce(),
                json.writeValueAsString(d.steps()), d.samplePayload() == null ? null : d.samplePayload().toString(), null, null,
                verification(d), null));
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "pilots.pilot.created", "pilot:" + id));
        return get(me, id);
    }

    @Transactional
    public Pilot update(CurrentUser me, UUID id, PilotDefinition definition) {
        var existing = row(me.orgId(), id);
        PilotDefinition d = normalize(definition);
        validate(d);
        repo.update(me.orgId(), new PilotRepository.PilotRow(id, existing.orgId(), existing.ownerId(), d.title(),
                d.description(), d.enabled(), d.trigger().kind(), d.trigger().cron(), d.trigger().timeZone(), nextRun(d),
                existing.secretNonce(), json.writeValueAsString(d.steps()),
                d.samplePayload() == null ? null : d.samplePayload().toString(), null, null, verification(d),
                existing.signingSecretId()));
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "pilots.pilot.updated", "pilot:" + id));
        return get(me, id);
    }

    @Transactional
    public void delete(CurrentUser me, UUID id) {
        if (repo.delete(me.orgId(), id) == 0) {
            throw new NotFoundException("Pilot");
        }
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "pilots.pilot.deleted", "pilot:" + id));
    }

    /**
     * Stores the signing secret the sender issued (Stripe's {@code whsec_…}, Slack's signing secret, Shopify's app
     * secret, a Standard Webhooks {@code whsec_…}, the secret typed into GitHub's form) in the vault, replacing and
     * deleting the previous one, or with null removes it. Deliveries are checked under it from now on.
     */
    @Transactional
    public Pilot setSigningSecret(CurrentUser me, UUID id, SecretValue secret) {
        var existing = row(me.orgId(), id);
        if (existing.signingSecretId() != null) {
            vault.delete(me.orgId(), new SecretRef(me.orgId(), existing.signingSecretId(), SIGNING_PURPOSE));
        }
        UUID stored = null;
        if (secret != null) {
            if (secret.length() < 8 || secret.length() > 512) {
                throw new InvalidInputException("secret", "Paste the whole signing secret the sender shows (8 to 512 characters).");
            }
            stored = vault.store(me.orgId(), SIGNING_PURPOSE, "webhook-signing", secret,
                    "Signing secret of Pilot " + existing.title()).credentialId();
        }
        repo.setSigningSecret(me.orgId(), id, stored);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(),
                secret == null ? "pilots.signing-secret.removed" : "pilots.signing-secret.set", "pilot:" + id));
        return get(me, id);
    }

    /** The vault purpose of a sender's signing secret. */
    static final String SIGNING_PURPOSE = "pilots.webhook-signing";

    private static String verification(PilotDefinition d) {
        return d.trigger().verification() == null ? "charter" : d.trigger().verification();
    }

    @Transactional
    public Pilot rotateSecret(CurrentUser me, UUID id) {
        row(me.orgId(), id);
        repo.rotateSecret(me.orgId(), id, DeliverySecrets.newNonce());
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "pilots.delivery-secret.rotated", "pilot:" + id));
        return get(me, id);
    }

    @Transactional
    public Pilot setEnabled(CurrentUser me, UUID id, boolean enabled) {
        var p = view(row(me.orgId(), id));
        PilotDefinition d = p.definition();
        var changed = new PilotDefinition(d.title(), d.description(), enabled, d.trigger(), d.steps(), d.samplePayload());
        repo.setEnabled(me.orgId(), id, enabled, nextRun(changed));
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), enabled ? "pilots.pilot.enabled" : "pilots.pilot.disabled",
                "pilot:" + id));
        return get(me, id);
    }

    /** Checks a definition without saving it (the editor reports every problem at once). */
    public void check(PilotDefinition definition) {
        validate(normalize(definition));
    }

    PilotRepository.PilotRow row(OrgId org, UUID id) {
        return repo.find(org, id).orElseThrow(() -> new NotFoundException("Pilot"));
    }

    Pilot view(PilotRepository.PilotRow r) {
        List<PilotDefinition.Step> steps = List.of(json.readValue(r.steps(), PilotDefinition.Step[].class));
        JsonNode sample = r.samplePayload() == null ? null : json.readTree(r.samplePayload());
        boolean webhook = "WEBHOOK".equals(r.triggerKind());
        var d = new PilotDefinition(r.title(), r.description(), r.enabled(),
                new PilotDefinition.Trigger(r.triggerKind(), r.cron(), r.timeZone(), webhook ? r.verification() : null), steps, sample);
        String path = !webhook || "charter".equals(r.verification())
                ? "/hooks/" + r.id() + "/" + secrets.secret(r.id(), r.secretNonce()) : "/hooks/" + r.id();
        return new Pilot(r.id(), d, path, r.nextRunAt(), r.createdAt(), r.updatedAt(), r.signingSecretId() != null);
    }

    /** Fills defaults and trims text so that equal definitions compare equal (export/import round trip). */
    PilotDefinition normalize(PilotDefinition d) {
        if (d == null) {
            throw new InvalidInputException("body", "Send a Pilot definition.");
        }
        var t = d.trigger() == null ? new PilotDefinition.Trigger("WEBHOOK", null, null) : d.trigger();
        String kind = t.kind() == null ? "WEBHOOK" : t.kind().strip().toUpperCase(java.util.Locale.ROOT);
        boolean schedule = "SCHEDULE".equals(kind);
        String verification = t.verification() == null || t.verification().isBlank() ? "charter"
                : t.verification().strip().toLowerCase(java.util.Locale.ROOT);
        var trigger = new PilotDefinition.Trigger(kind, schedule ? strip(t.cron()) : null,
                schedule ? (t.timeZone() == null || t.timeZone().isBlank() ? "UTC" : t.timeZone().strip()) : null,
                "WEBHOOK".equals(kind) ? verification : null);
        List<PilotDefinition.Step> steps = d.steps() == null ? List.of() : d.steps().stream()
                .map(s -> s == null ? null : new PilotDefinition.Step(strip(s.kind()), strip(s.name()),
                        s.config() == null ? json.createObjectNode() : s.config(),
                        s.path() == null || s.path().isBlank() ? null : s.path().strip(),
                        s.onError() == null ? null : new PilotDefinition.OnError(
                                s.onError().action() == null ? null : s.onError().action().strip().toLowerCase(java.util.Locale.ROOT),
                                s.onError().retries(), s.onError().backoffSeconds())))
                .toList();
        return new PilotDefinition(strip(d.title()), d.description() == null ? "" : d.description().strip(),
                d.enabled() == null || d.enabled(), trigger, steps, d.samplePayload());
    }

    /** Reports every problem at once, with a path for each: title, trigger.cron, steps[2].config.expression… */
    void validate(PilotDefinition d) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (d.title() == null || d.title().isEmpty()) {
            errors.put("title", "Enter a title.");
        } else if (d.title().length() > 120) {
            errors.put("title", "Use at most 120 characters.");
        }
        if (d.description().length() > 2000) {
            errors.put("description", "Use at most 2000 characters.");
        }
        var t = d.trigger();
        if (t.verification() != null && !PilotDefinition.Trigger.VERIFICATIONS.contains(t.verification())) {
            errors.put("trigger.verification", "Choose one of " + String.join(", ", PilotDefinition.Trigger.VERIFICATIONS) + ".");
        }
        if (!Set.of("WEBHOOK", "SCHEDULE", "MANUAL").contains(t.kind())) {
            errors.put("trigger.kind", "Choose WEBHOOK, SCHEDULE or MANUAL.");
        } else if ("SCHEDULE".equals(t.kind())) {
            ZoneId zone = null;
            try {
                zone = ZoneId.of(t.timeZone());
            } catch (DateTimeException e) {
                errors.put("trigger.timeZone", "Enter a time zone such as UTC or Europe/Amsterdam.");
            }
            CronRules.problem(t.cron(), zone == null ? ZoneOffset.UTC : zone, settings.minScheduleInterval(), clock.instant())
                    .ifPresent(problem -> errors.put("trigger.cron", problem));
        }
        if (d.steps().size() > MAX_STEPS) {
            errors.put("steps", "A Pilot has at most " + MAX_STEPS + " steps.");
        }
        Set<String> names = new HashSet<>();
        Map<String, List<String>> routers = new java.util.HashMap<>();
        for (int i = 0; i < d.steps().size(); i++) {
            var s = d.steps().get(i);
            String at = "steps[" + i + "]";
            if (s == null) {
                errors.put(at, "A step is missing.");
                continue;
            }
            if (s.path() != null) {
                int dot = s.path().indexOf('.');
                List<String> routes = dot < 0 ? null : routers.get(s.path().substring(0, dot));
                if (routes == null) {
                    errors.put(at + ".path", "A path is router.route, naming a router step before this one; "
                            + (routers.isEmpty() ? "there is none." : "routers before it: " + String.join(", ", routers.keySet()) + "."));
                } else if (!routes.contains(s.path().substring(dot + 1))) {
                    errors.put(at + ".path", "The router " + s.path().substring(0, dot) + " has the routes "
                            + String.join(", ", routes) + ".");
                }
            }
            if (s.name() == null || !STEP_NAME.matcher(s.name()).matches()) {
                errors.put(at + ".name", "Name the step with a letter followed by letters, digits or _ (at most 40).");
            } else if (!names.add(s.name())) {
                errors.put(at + ".name", "Another step is already called " + s.name() + ".");
            }
            var type = kinds.get(s.kind());
            if (type.isEmpty()) {
                errors.put(at + ".kind", "Unknown step kind '" + s.kind() + "'. Known: " + String.join(", ", kinds.names()) + ".");
                continue;
            }
            type.get().validate(s.config()).forEach((field, message) -> errors.put(at + ".config." + field, message));
            if (type.get() instanceof RouterStep && s.name() != null) {
                routers.put(s.name(), RouterStep.routes(s.config()));
            }
            var onError = s.onError();
            if (onError != null) {
                if (!PilotDefinition.OnError.ACTIONS.contains(onError.actionOrStop())) {
                    errors.put(at + ".onError.action", "Choose stop, continue or path.");
                }
                if (onError.retriesOrZero() < 0 || onError.retriesOrZero() > PilotDefinition.OnError.MAX_RETRIES) {
                    errors.put(at + ".onError.retries", "Retry a step 0 to " + PilotDefinition.OnError.MAX_RETRIES + " times.");
                }
                if (onError.backoffOrDefault() < 1 || onError.backoffOrDefault() > PilotDefinition.OnError.MAX_BACKOFF_SECONDS) {
                    errors.put(at + ".onError.backoffSeconds", "Wait 1 to " + PilotDefinition.OnError.MAX_BACKOFF_SECONDS
                            + " seconds before the first retry.");
                }
                if ("path".equals(onError.actionOrStop()) && s.name() != null && !routers.containsKey(s.name())) {
                    routers.put(s.name(), List.of(RunExecutor.ERROR_ROUTE));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    Instant nextRun(PilotDefinition d) {
        if (!"SCHEDULE".equals(d.trigger().kind()) || !d.enabled()) {
            return null;
        }
        return Schedules.next(d.trigger().cron(), d.trigger().timeZone(), clock.instant());
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
