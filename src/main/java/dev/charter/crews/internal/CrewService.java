package dev.charter.crews.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.crews.CrewDefinition;
import dev.charter.crews.CrewsSettings;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The organization's crews and its Crews settings. Members read them; admins change them, and each change is audited. */
@Service
public class CrewService {

    /** A crew as its organization configured it. */
    /** A crew as its organization configured it; {@code widgetKey} names its widget in the site's snippet. */
    public record Crew(UUID id, String name, CrewDefinition definition, List<String> origins, Instant createdAt,
                       Instant updatedAt, UUID widgetKey) {}

    /** What an admin sends to create or change a crew. */
    public record CrewForm(String name, CrewDefinition definition, List<String> origins) {}

    private final CrewRepository repo;
    private final AuditLog audit;
    private final JsonMapper json;

    CrewService(CrewRepository repo, AuditLog audit, JsonMapper json) {
        this.repo = repo;
        this.audit = audit;
        this.json = json;
    }

    public List<Crew> list(CurrentUser me) {
        return repo.list(me.orgId()).stream().map(this::crew).toList();
    }

    public Crew get(CurrentUser me, UUID id) {
        return find(me.orgId(), id);
    }

    /** For the channels, which may arrive without a signed-in member. */
    public Crew find(OrgId org, UUID id) {
        return repo.find(org, id).map(this::crew).orElseThrow(() -> new NotFoundException("crew"));
    }

    @Transactional
    public Crew create(CurrentUser me, CrewForm form) {
        me.requireAdmin();
        Valid v = validate(form);
        UUID id = UUID.randomUUID();
        repo.insert(me.orgId(), id, v.name, json.writeValueAsString(v.definition), v.origins);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.crew.created", "crew:" + id));
        return find(me.orgId(), id);
    }

    @Transactional
    public Crew update(CurrentUser me, UUID id, CrewForm form) {
        find(me.orgId(), id);
        me.requireAdmin();
        Valid v = validate(form);
        repo.update(me.orgId(), id, v.name, json.writeValueAsString(v.definition), v.origins);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.crew.updated", "crew:" + id));
        return find(me.orgId(), id);
    }

    @Transactional
    public void delete(CurrentUser me, UUID id) {
        find(me.orgId(), id);
        me.requireAdmin();
        repo.delete(me.orgId(), id);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.crew.deleted", "crew:" + id));
    }

    public CrewsSettings settings(OrgId org) {
        return repo.settings(org);
    }

    @Transactional
    public CrewsSettings saveSettings(CurrentUser me, Integer retentionDays, Boolean usageStatistics) {
        me.requireAdmin();
        CrewsSettings now = repo.settings(me.orgId());
        int days = retentionDays == null ? now.retentionDays() : retentionDays;
        if (days < CrewsSettings.MIN_RETENTION_DAYS || days > CrewsSettings.MAX_RETENTION_DAYS) {
            throw new InvalidInputException("retentionDays", "Keep conversations between " + CrewsSettings.MIN_RETENTION_DAYS
                    + " and " + CrewsSettings.MAX_RETENTION_DAYS + " days after their last message.");
        }
        CrewsSettings next = new CrewsSettings(days, usageStatistics == null ? now.usageStatistics() : usageStatistics);
        repo.saveSettings(me.orgId(), next);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.settings.changed", "crews-settings")
                .with("retentionDays", Integer.toString(next.retentionDays()))
                .with("usageStatistics", Boolean.toString(next.usageStatistics())));
        return next;
    }

    private record Valid(String name, CrewDefinition definition, List<String> origins) {}

    private Valid validate(CrewForm form) {
        if (form == null) {
            throw new InvalidInputException("name", "Send the crew's name, and optionally its definition and origins.");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String name = form.name() == null ? "" : form.name().strip();
        if (name.isEmpty() || name.length() > 80) {
            errors.put("name", "A crew needs a name of 1 to 80 characters.");
        }
        CrewDefinition definition = null;
        try {
            definition = (form.definition() == null ? CrewDefinition.defaults() : form.definition()).validated();
        } catch (InvalidInputException e) {
            e.fieldErrors().forEach((k, m) -> errors.put("definition." + k, m));
        }
        List<String> origins = new ArrayList<>();
        List<String> given = form.origins() == null ? List.of() : form.origins();
        if (given.size() > 20) {
            errors.put("origins", "At most 20 site origins per crew.");
        }
        for (String o : given) {
            String origin = origin(o);
            if (origin == null) {
                errors.put("origins", "Each origin is a scheme and host, with a port when not the default, such as "
                        + "https://www.example.com; '" + o + "' is not.");
            } else if (!origins.contains(origin)) {
                origins.add(origin);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Valid(name, definition, List.copyOf(origins));
    }

    /** The origin as a browser sends it in {@code Origin}, or null when {@code s} is not one. */
    static String origin(String s) {
        if (s == null || s.isBlank() || s.length() > 200) {
            return null;
        }
        try {
            URI u = new URI(s.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null || u.getUserInfo() != null
                    || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))
                    || u.getRawQuery() != null || u.getRawFragment() != null) {
                return null;
            }
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() == -1 ? "" : ":" + u.getPort());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private Crew crew(CrewRepository.CrewRow r) {
        return new Crew(r.id(), r.name(), json.readValue(r.definition(), CrewDefinition.class), r.origins(), r.createdAt(),
                r.updatedAt(), r.widgetKey());
    }

    /** The organization and crew a widget key names, for the widget's public routes. */
    public java.util.Optional<OrgCrew> byWidgetKey(UUID widgetKey) {
        return widgetKey == null ? java.util.Optional.empty()
                : repo.findByWidgetKey(widgetKey).map(r -> new OrgCrew(new OrgId(r.orgId()), crew(r)));
    }

    /** A crew with the organization it belongs to. */
    public record OrgCrew(OrgId org, Crew crew) {}

    /** Where the organization's qualified leads are sent, if it set a URL. */
    public java.util.Optional<String> leadWebhook(OrgId org) {
        return repo.leadWebhook(org);
    }

    /** Sets (or, with a blank value, clears) the URL qualified leads are sent to; admins only, audited. */
    @Transactional
    public java.util.Optional<String> saveLeadWebhook(CurrentUser me, String url) {
        me.requireAdmin();
        String value = url == null || url.isBlank() ? null : url.strip();
        if (value != null) {
            URI u;
            try {
                u = new URI(value);
            } catch (java.net.URISyntaxException e) {
                u = null;
            }
            if (value.length() > 2000 || u == null || u.getHost() == null || u.getUserInfo() != null
                    || !"https".equalsIgnoreCase(u.getScheme())) {
                throw new InvalidInputException("leadWebhookUrl", "Give an https URL of up to 2,000 characters, "
                        + "without a user name or password in it, such as a Pilot's delivery URL.");
            }
        }
        repo.saveLeadWebhook(me.orgId(), value);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.settings.changed", "crews-settings")
                .with("leadWebhook", value == null ? "cleared" : "set"));
        return java.util.Optional.ofNullable(value);
    }

}
