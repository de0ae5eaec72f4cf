package dev.charter.reviews.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionId;
import dev.charter.connectors.Connections;
import dev.charter.egress.EgressException;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.identity.CurrentUser;
import dev.charter.reviews.Signal;
import dev.charter.reviews.SignalSource;
import dev.charter.reviews.WorkSignals;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads signals through egress, one provider page at a time, each answer parsed through its connector's allowlist
 * and zeroed at once; the raw answer is never stored, logged or passed on.
 */
@Service
class WorkSignalService implements WorkSignals {

    static final String PURPOSE = "reviews.sync";
    static final int MAX_PAGES = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    private static final Pattern CHANNEL = Pattern.compile("[A-Z0-9]{6,20}");
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    private static final DateTimeFormatter JQL_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(ZoneOffset.UTC);

    private final Connections connections;
    private final EgressGateway egress;
    private final SignalRepository repo;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    WorkSignalService(Connections connections, EgressGateway egress, SignalRepository repo, AuditLog audit, Clock clock,
                      PlatformTransactionManager transactions) {
        this.connections = connections;
        this.egress = egress;
        this.repo = repo;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public int read(CurrentUser me, ConnectionId id, String scope) {
        me.requireAdmin();
        Connection c = connections.get(me.orgId(), id);
        SignalSource source = SignalSource.of(c.kind()).orElseThrow(() -> new InvalidInputException("connection",
                "This connection is not a GitHub, Jira, Slack or Gmail connection."));
        if (!c.usable()) {
            throw new ConflictException("This connection is revoked; connect the service again.");
        }
        String s = scope == null ? "" : scope.strip();
        String refusal = switch (source) {
            case GITHUB -> REPO.matcher(s).matches() ? null : "Give the repository as owner/name.";
            case JIRA -> s.length() >= 1 && s.length() <= 300 ? null : "Give a JQL filter, for example project = ENG.";
            case SLACK -> CHANNEL.matcher(s).matches() ? null : "Give the channel's id, for example C0123ABCD.";
            case GMAIL -> s.length() <= 300 ? null : "Give a Gmail search of at most 300 characters, for example in:sent.";
        };
        if (refusal != null) {
            throw new InvalidInputException("scope", refusal);
        }
        String key = s.isEmpty() ? "all" : s;
        String watermark = repo.cursor(me.orgId(), id, key).map(SignalRepository.Cursor::watermark).orElse(null);
        try {
            int stored = switch (source) {
                case GITHUB -> github(me, c, s, watermark, key);
                case JIRA -> jira(me, c, s, watermark, key);
                case SLACK -> slack(me, c, s, watermark, key);
                case GMAIL -> gmail(me, c, s, watermark, key);
            };
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.signals.read", "connection:" + id.value())
                    .with("source", source.name()).with("signals", Integer.toString(stored)));
            return stored;
        } catch (EgressException | IllegalArgumentException e) {
            String detail = e.getMessage() == null ? "the read failed" : e.getMessage();
            String shown = detail.length() > 400 ? detail.substring(0, 400) : detail;
            tx.executeWithoutResult(t -> repo.saveCursor(me.orgId(), id, key, null, 0, shown, clock.instant()));
            throw new ConflictException("Reading " + source.name() + " failed: " + shown);
        }
    }

    private int github(CurrentUser me, Connection c, String repository, String watermark, String key) {
        Instant since = watermark == null ? null : Instant.parse(watermark);
        String url = root(c) + "/repos/" + repository + "/pulls?state=all&sort=updated&direction=desc&per_page=100";
        Instant newest = since;
        int stored = 0;
        for (int page = 0; url != null && page < MAX_PAGES; page++) {
            EgressResponse r = get(me, c, url, "application/vnd.github+json");
            GitHubParser.Page p = GitHubParser.pullRequests(repository, parse(r));
            stored += store(me, c, p.signals());
            if (p.newestUpdate() != null && (newest == null || p.newestUpdate().isAfter(newest))) {
                newest = p.newestUpdate();
            }
            // pages are newest update first: once a page reaches back before the watermark, the rest is known
            boolean reachedOld = since != null && p.oldestUpdate() != null && p.oldestUpdate().isBefore(since);
            String link = r.header("Link");
            Matcher m = link == null ? null : NEXT_LINK.matcher(link);
            url = m != null && m.find() && !reachedOld ? m.group(1) : null;
        }
        finish(me, c, key, newest == null ? null : newest.toString(), stored);
        return stored;
    }

    private int jira(CurrentUser me, Connection c, String jql, String watermark, String key) {
        String filter = watermark == null ? jql : "(" + jql + ") AND updated >= \"" + JQL_TIME.format(Instant.parse(watermark)) + "\"";
        String site = c.baseUrl().getHost() != null && c.baseUrl().getHost().endsWith(".atlassian.net") ? root(c) : null;
        String token = null;
        Instant newest = watermark == null ? null : Instant.parse(watermark);
        int stored = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            String url = root(c) + "/rest/api/3/search/jql?jql=" + enc(filter + " ORDER BY updated ASC") + "&fields="
                    + enc(JiraParser.FIELDS) + "&expand=changelog&maxResults=100" + (token == null ? "" : "&nextPageToken=" + enc(token));
            JiraParser.Page p = JiraParser.search(site, parse(get(me, c, url, "application/json")));
            stored += store(me, c, p.signals());
            if (p.newestUpdate() != null && (newest == null || p.newestUpdate().isAfter(newest))) {
                newest = p.newestUpdate();
            }
            if (p.last()) {
                break;
            }
            token = p.nextPageToken();
        }
        finish(me, c, key, newest == null ? null : newest.toString(), stored);
        return stored;
    }

    /** Counts over every page first, then stores them with the new watermark at once: a count is never added twice. */
    private int slack(CurrentUser me, Connection c, String channel, String watermark, String key) {
        Map<String, ParsedSignal> counts = new LinkedHashMap<>();
        String newest = watermark;
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String url = root(c) + "/conversations.history?channel=" + enc(channel) + "&limit=200"
                    + (watermark == null ? "" : "&oldest=" + enc(watermark) + "&inclusive=false")
                    + (cursor == null ? "" : "&cursor=" + enc(cursor));
            SlackParser.Page p = SlackParser.history(channel, parse(get(me, c, url, "application/json")));
            for (ParsedSignal s : p.counts()) {
                counts.merge(s.externalId(), s, (a, b) -> new ParsedSignal(a.source(), a.kind(), a.externalId(), a.identity(),
                        a.occurredAt(), null, a.facts(), null, a.count() + b.count()));
            }
            if (p.newestTs() != null && (newest == null
                    || new java.math.BigDecimal(p.newestTs()).compareTo(new java.math.BigDecimal(newest)) > 0)) {
                newest = p.newestTs();
            }
            cursor = p.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        String mark = newest;
        List<ParsedSignal> all = new ArrayList<>(counts.values());
        return tx.execute(t -> {
            int n = repo.upsert(me.orgId(), c.id(), all, clock.instant());
            repo.saveCursor(me.orgId(), c.id(), key, mark, n, null, clock.instant());
            return n;
        });
    }

    private int gmail(CurrentUser me, Connection c, String query, String watermark, String key) {
        boolean subjects = repo.emailSubjects(me.orgId());
        String q = (query + (watermark == null ? "" : " after:" + (Long.parseLong(watermark) / 1000))).strip();
        String headers = GmailParser.metadataHeaders(subjects).stream().map(h -> "&metadataHeaders=" + enc(h))
                .reduce("", String::concat);
        String token = null;
        long newest = watermark == null ? 0 : Long.parseLong(watermark);
        int stored = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            String list = root(c) + "/gmail/v1/users/me/messages?maxResults=100" + (q.isEmpty() ? "" : "&q=" + enc(q))
                    + (token == null ? "" : "&pageToken=" + enc(token));
            JsonNode answer = parse(get(me, c, list, "application/json"));
            List<ParsedSignal> signals = new ArrayList<>();
            JsonNode messages = answer.get("messages");
            if (messages != null && messages.isArray()) {
                for (JsonNode m : messages) {
                    String id = Json.text(m, "id", 64);
                    if (id == null || !id.matches("[A-Za-z0-9]{1,64}")) {
                        continue;
                    }
                    JsonNode one = parse(get(me, c, root(c) + "/gmail/v1/users/me/messages/" + id + "?format=metadata"
                            + headers, "application/json"));
                    ParsedSignal s = GmailParser.message(one, subjects);
                    if (s != null) {
                        signals.add(s);
                        newest = Math.max(newest, s.occurredAt().toEpochMilli());
                    }
                }
            }
            stored += store(me, c, signals);
            token = Json.text(answer, "nextPageToken", 500);
            if (token == null) {
                break;
            }
        }
        finish(me, c, key, newest == 0 ? null : Long.toString(newest), stored);
        return stored;
    }

    private int store(CurrentUser me, Connection c, List<ParsedSignal> signals) {
        return signals.isEmpty() ? 0 : tx.execute(t -> repo.upsert(me.orgId(), c.id(), signals, clock.instant()));
    }

    private void finish(CurrentUser me, Connection c, String key, String watermark, int stored) {
        tx.executeWithoutResult(t -> repo.saveCursor(me.orgId(), c.id(), key, watermark, stored, null, clock.instant()));
    }

    private EgressResponse get(CurrentUser me, Connection c, String url, String accept) {
        EgressResponse r = egress.send(EgressRequest.builder(PURPOSE, c.org()).actor(me.userId()).get(url)
                .header("Accept", accept).credential(c.credentialUse()).build());
        if (r.status() == 410) {
            Arrays.fill(r.body(), (byte) 0);
            throw new IllegalArgumentException("the provider answered 410 Gone for " + r.status() + " (an endpoint it removed)");
        }
        if (!r.isSuccess()) {
            Arrays.fill(r.body(), (byte) 0);
            throw new IllegalArgumentException("the provider answered HTTP " + r.status());
        }
        return r;
    }

    /** The answer as JSON; its bytes are zeroed here, so only the parser's allowlisted fields outlive this call. */
    private static JsonNode parse(EgressResponse r) {
        try {
            return JSON.readTree(r.body());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the provider's answer is not JSON");
        } finally {
            Arrays.fill(r.body(), (byte) 0);
        }
    }

    private static String root(Connection c) {
        String b = c.baseUrl().toString();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public List<Signal> list(OrgId org, int limit) {
        return repo.list(org, Math.max(1, Math.min(limit, 1000)));
    }

    @Override
    public boolean emailSubjects(OrgId org) {
        return repo.emailSubjects(org);
    }

    @Override
    public void setEmailSubjects(CurrentUser me, boolean on) {
        me.requireAdmin();
        tx.executeWithoutResult(t -> {
            repo.setEmailSubjects(me.orgId(), on, me.userId().value(), clock.instant());
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.settings.email-subjects",
                    "organization:" + me.orgId().value()).with("on", Boolean.toString(on)));
        });
    }
}
