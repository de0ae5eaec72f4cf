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
import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import dev.charter.reviews.SignalSync;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.UserId;
import java.time.Duration;
import java.util.UUID;
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
 * and zeroed at once; the raw answer is never stored, logged or passed on. A pass stores each page with the
 * position of the next one (docs/reviews.md, "Sync"), so it survives a restart and a provider's rate limit.
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

    static final Duration MIN_EVERY = Duration.ofMinutes(15);
    static final Duration MAX_EVERY = Duration.ofDays(7);

    private final Connections connections;
    private final EgressGateway egress;
    private final SignalRepository repo;
    private final SyncRepository syncs;
    private final JobQueue jobs;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    /**
     * Reads each sync's next page while its current one is stored: at most {@link #READ_AHEAD_THREADS} pages at once
     * (a sync whose page waits for a thread reads it a little later, never out of order).
     */
    static final int READ_AHEAD_THREADS = 8;
    private final java.util.concurrent.ExecutorService readAhead = readAheadPool();

    private static java.util.concurrent.ExecutorService readAheadPool() {
        var pool = new java.util.concurrent.ThreadPoolExecutor(READ_AHEAD_THREADS, READ_AHEAD_THREADS, 60,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "reviews-read-ahead");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true); // no threads kept while no sync runs
        return pool;
    }

    @jakarta.annotation.PreDestroy
    void stopReadingAhead() {
        readAhead.shutdownNow();
    }

    WorkSignalService(Connections connections, EgressGateway egress, SignalRepository repo, SyncRepository syncs,
                      JobQueue jobs, AuditLog audit, Clock clock, PlatformTransactionManager transactions) {
        this.connections = connections;
        this.egress = egress;
        this.repo = repo;
        this.syncs = syncs;
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public int read(CurrentUser me, ConnectionId id, String scope) {
        me.requireAdmin();
        Connection c = connections.get(me.orgId(), id);
        SignalSource source = source(c);
        String key = key(source, scope);
        SyncRepository.Row row = tx.execute(t -> syncs.ensure(me.orgId(), id, key, clock.instant()));
        SyncRepository.Row claimed = syncs.claim(me.orgId(), row.id(), clock.instant()).orElseThrow(() ->
                new ConflictException("A sync of this scope is running; its progress is on the Reviews sync page."));
        Pass pass = pass(claimed, c, source, me.userId());
        return switch (pass.outcome()) {
            case DONE -> {
                audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.signals.read", "connection:" + id.value())
                        .with("source", source.name()).with("signals", Long.toString(pass.stored())));
                yield (int) Math.min(Integer.MAX_VALUE, pass.stored());
            }
            case WAITING -> throw new ConflictException(title(source) + " asked Charter to wait until " + pass.retryAt()
                    + "; the read goes on by itself then, from the page it reached.");
            case FAILED -> throw new ConflictException("Reading " + source.name() + " failed: " + pass.error());
        };
    }

    @Override
    public SignalSync schedule(CurrentUser me, ConnectionId id, String scope, Duration every) {
        me.requireAdmin();
        Connection c = connections.get(me.orgId(), id);
        String key = key(source(c), scope);
        if (every != null && (every.compareTo(MIN_EVERY) < 0 || every.compareTo(MAX_EVERY) > 0)) {
            throw new InvalidInputException("every", "Sync at most every 15 minutes and at least every 7 days (PT15M to P7D).");
        }
        Instant now = clock.instant();
        UUID sync = tx.execute(t -> {
            SyncRepository.Row row = syncs.ensure(me.orgId(), id, key, now);
            syncs.setSchedule(me.orgId(), row.id(), every == null ? null : (int) every.toSeconds(),
                    every == null ? null : now.plus(every), now);
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.sync.scheduled", "connection:" + id.value())
                    .with("sync", row.id().toString()).with("every", every == null ? "on demand" : every.toString()));
            enqueue(me.orgId(), row.id(), now);
            return row.id();
        });
        return syncs.view(me.orgId(), sync).orElseThrow();
    }

    @Override
    public SignalSync runNow(CurrentUser me, UUID sync) {
        me.requireAdmin();
        SyncRepository.Row row = syncs.find(me.orgId(), sync).orElseThrow(() -> new NotFoundException("sync"));
        Connection c = connections.get(me.orgId(), row.connection());
        if (!c.usable()) {
            throw new ConflictException("This connection is revoked; connect the service again.");
        }
        Instant now = clock.instant();
        boolean queued = Boolean.TRUE.equals(tx.execute(t -> enqueue(me.orgId(), sync, now)));
        if (!queued) {
            throw new ConflictException("This sync is already queued, running or waiting for the provider's rate limit.");
        }
        return syncs.view(me.orgId(), sync).orElseThrow();
    }

    @Override
    public void deleteSync(CurrentUser me, UUID sync) {
        me.requireAdmin();
        tx.executeWithoutResult(t -> {
            if (syncs.delete(me.orgId(), sync) == 0) {
                throw new NotFoundException("sync");
            }
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.sync.deleted", "sync:" + sync));
        });
    }

    @Override
    public List<SignalSync> syncs(OrgId org) {
        return syncs.views(org);
    }

    /** Queues a pass of the sync in the caller's transaction; false when one is queued, running or waiting. */
    boolean enqueue(OrgId org, UUID sync, Instant now) {
        if (!syncs.markQueued(org, sync, now)) {
            return false;
        }
        jobs.enqueue(NewJob.of(org, SyncJobs.QUEUE, "{\"sync\":\"" + sync + "\"}").attempts(1)
                .dedupe(sync + "@" + now.toEpochMilli()));
        return true;
    }

    /** Runs a queued or waiting sync's pass as the system (the job queue's worker). */
    void runQueued(OrgId org, UUID sync) {
        SyncRepository.Row row = syncs.find(org, sync).orElse(null);
        if (row == null) {
            return; // deleted since it was queued
        }
        Connection c;
        try {
            c = connections.get(org, row.connection());
        } catch (NotFoundException e) {
            return; // the connection went, and its syncs with it
        }
        if (!c.usable()) {
            tx.executeWithoutResult(t -> syncs.failed(org, sync, "The connection is revoked; connect the service again.",
                    clock.instant()));
            return;
        }
        syncs.claim(org, sync, clock.instant()).ifPresent(claimed -> {
            SignalSource source = source(c);
            Pass pass = pass(claimed, c, source, null);
            if (pass.outcome() == Outcome.DONE) {
                audit.record(AuditEvent.of(org, null, "reviews.signals.synced", "connection:" + c.id().value())
                        .with("source", source.name()).with("sync", sync.toString())
                        .with("signals", Long.toString(pass.stored())));
            }
        });
    }

    enum Outcome { DONE, WAITING, FAILED }

    record Pass(Outcome outcome, long stored, Instant retryAt, String error) {}

    /**
     * One page as a provider gave it: its signals, where the next page starts (null: none), the newest update, and
     * when the provider's limit resets if this answer left no requests (else null).
     */
    record Page(List<ParsedSignal> signals, String next, String newest, Instant exhaustedUntil) {}

    /**
     * Goes through the pages of a claimed sync from its position: each page's signals and the next page's position
     * in one transaction; a complete pass moves the watermark. A provider's rate limit leaves the position and
     * queues the pass again for when the provider allows it.
     */
    private Pass pass(SyncRepository.Row row, Connection c, SignalSource source, UserId actor) {
        OrgId org = row.org();
        String position = row.position();
        String newest = row.passNewest();
        long stored = 0;
        java.util.concurrent.Future<Page> ahead = null;
        try {
            for (int page = row.passPages(); page < MAX_PAGES; page++) {
                Page p = ahead != null ? await(ahead) : fetch(source, actor, c, row, position);
                ahead = null;
                Instant pause = p.exhaustedUntil();
                if (p.next() != null && pause == null && page + 1 < MAX_PAGES) {
                    // the next page is read while this one is stored; its place is stored with this page, so a
                    // restart or a failure of the read ahead goes on from there
                    String next = p.next();
                    ahead = readAhead.submit(() -> fetch(source, actor, c, row, next));
                }
                String merged = newer(source, newest, p.newest());
                int n = tx.execute(t -> {
                    int k = p.signals().isEmpty() ? 0 : repo.upsert(org, c.id(), p.signals(), clock.instant());
                    syncs.pageDone(org, row.id(), p.next(), merged, k, clock.instant());
                    return k;
                });
                stored += n;
                newest = merged;
                position = p.next();
                if (position == null) {
                    break;
                }
                if (pause != null) {
                    throw new RateLimited(pause, title(source) + " has no requests left until " + pause);
                }
            }
            tx.executeWithoutResult(t -> syncs.passDone(org, row.id(), clock.instant()));
            return new Pass(Outcome.DONE, stored, null, null);
        } catch (RateLimited e) {
            Instant at = e.retryAt;
            tx.executeWithoutResult(t -> {
                syncs.waiting(org, row.id(), at, e.getMessage(), clock.instant());
                jobs.enqueue(NewJob.of(org, SyncJobs.QUEUE, "{\"sync\":\"" + row.id() + "\"}").at(at).attempts(1)
                        .dedupe(row.id() + "@" + at.toEpochMilli()));
            });
            return new Pass(Outcome.WAITING, stored, at, null);
        } catch (EgressException | IllegalArgumentException e) {
            String detail = e.getMessage() == null ? "the read failed" : e.getMessage();
            String shown = detail.length() > 400 ? detail.substring(0, 400) : detail;
            tx.executeWithoutResult(t -> syncs.failed(org, row.id(), shown, clock.instant()));
            return new Pass(Outcome.FAILED, stored, null, shown);
        } catch (RuntimeException e) {
            tx.executeWithoutResult(t -> syncs.failed(org, row.id(), "the read stopped unexpectedly", clock.instant()));
            throw e;
        } finally {
            if (ahead != null) {
                ahead.cancel(true); // a page read ahead that is not stored is read again from its stored place
            }
        }
    }

    /** One page of the sync's source from {@code position}. */
    private Page fetch(SignalSource source, UserId actor, Connection c, SyncRepository.Row row, String position) {
        return switch (source) {
            case GITHUB -> githubPage(actor, c, row.scope(), row.watermark(), position);
            case JIRA -> jiraPage(actor, c, row.scope(), row.watermark(), position);
            case SLACK -> slackPage(actor, c, row.scope(), row.watermark(), position);
            case GMAIL -> gmailPage(actor, c, row.scope(), row.watermark(), position);
            case CALLS -> throw new IllegalStateException("call results come from call analysis, not a sync");
        };
    }

    /** The page read ahead, or what its read threw, as if it had been read here. */
    private static Page await(java.util.concurrent.Future<Page> ahead) {
        try {
            return ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the next page", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String title(SignalSource source) {
        return switch (source) {
            case GITHUB -> "GitHub";
            case JIRA -> "Jira";
            case SLACK -> "Slack";
            case GMAIL -> "Gmail";
            case CALLS -> "Calls";
        };
    }

    private static SignalSource source(Connection c) {
        return SignalSource.of(c.kind()).orElseThrow(() -> new InvalidInputException("connection",
                "This connection is not a GitHub, Jira, Slack or Gmail connection."));
    }

    /** The scope as stored, after the source's own check. */
    private static String key(SignalSource source, String scope) {
        String s = scope == null ? "" : scope.strip();
        String refusal = switch (source) {
            case GITHUB -> REPO.matcher(s).matches() ? null : "Give the repository as owner/name.";
            case JIRA -> s.length() >= 1 && s.length() <= 300 ? null : "Give a JQL filter, for example project = ENG.";
            case SLACK -> CHANNEL.matcher(s).matches() ? null : "Give the channel's id, for example C0123ABCD.";
            case GMAIL -> s.length() <= 300 ? null : "Give a Gmail search of at most 300 characters, for example in:sent.";
            case CALLS -> "Call results are not synced from a connection.";
        };
        if (refusal != null) {
            throw new InvalidInputException("scope", refusal);
        }
        return s.isEmpty() ? "all" : s;
    }

    /** The newer of two watermarks in the source's own terms (times, Slack's ts, Gmail's milliseconds). */
    private static String newer(SignalSource source, String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        int cmp = switch (source) {
            case GITHUB, JIRA -> Instant.parse(a).compareTo(Instant.parse(b));
            case SLACK -> new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b));
            case GMAIL -> Long.compare(Long.parseLong(a), Long.parseLong(b));
            case CALLS -> 0;
        };
        return cmp >= 0 ? a : b;
    }

    /** Pull requests newest update first; once a page reaches back before the watermark, the rest is known. */
    private Page githubPage(UserId actor, Connection c, String repository, String watermark, String position) {
        Instant since = watermark == null ? null : Instant.parse(watermark);
        String url = position != null ? position
                : root(c) + "/repos/" + repository + "/pulls?state=all&sort=updated&direction=desc&per_page=100";
        EgressResponse r = get(actor, c, url, "application/vnd.github+json");
        String link = r.header("Link");
        GitHubParser.Page p = GitHubParser.pullRequests(repository, parse(r));
        boolean reachedOld = since != null && p.oldestUpdate() != null && p.oldestUpdate().isBefore(since);
        Matcher m = link == null ? null : NEXT_LINK.matcher(link);
        String next = m != null && m.find() && !reachedOld ? m.group(1) : null;
        if (next != null && !next.startsWith(root(c) + "/")) {
            throw new IllegalArgumentException("GitHub's next page is not below the connection's address");
        }
        return new Page(p.signals(), next, p.newestUpdate() == null ? null : p.newestUpdate().toString(),
                RateLimits.exhaustedUntil(r, clock.instant()));
    }

    private Page jiraPage(UserId actor, Connection c, String jql, String watermark, String token) {
        String filter = watermark == null ? jql : "(" + jql + ") AND updated >= \"" + JQL_TIME.format(Instant.parse(watermark)) + "\"";
        String site = c.baseUrl().getHost() != null && c.baseUrl().getHost().endsWith(".atlassian.net") ? root(c) : null;
        String url = root(c) + "/rest/api/3/search/jql?jql=" + enc(filter + " ORDER BY updated ASC") + "&fields="
                + enc(JiraParser.FIELDS) + "&expand=changelog&maxResults=100" + (token == null ? "" : "&nextPageToken=" + enc(token));
        EgressResponse r = get(actor, c, url, "application/json");
        Instant exhausted = RateLimits.exhaustedUntil(r, clock.instant());
        JiraParser.Page p = JiraParser.search(site, parse(r));
        return new Page(p.signals(), p.last() ? null : p.nextPageToken(),
                p.newestUpdate() == null ? null : p.newestUpdate().toString(), exhausted);
    }

    /**
     * A page of a channel's history, counted per person and day. Each page's counts add to what is stored, in the
     * same transaction that moves the position past the page, so a message is counted once however the pass stops.
     */
    private Page slackPage(UserId actor, Connection c, String channel, String watermark, String cursor) {
        String url = root(c) + "/conversations.history?channel=" + enc(channel) + "&limit=200"
                + (watermark == null ? "" : "&oldest=" + enc(watermark) + "&inclusive=false")
                + (cursor == null ? "" : "&cursor=" + enc(cursor));
        EgressResponse r = get(actor, c, url, "application/json");
        Instant exhausted = RateLimits.exhaustedUntil(r, clock.instant());
        SlackParser.Page p = SlackParser.history(channel, parse(r));
        return new Page(p.counts(), p.nextCursor(), p.newestTs(), exhausted);
    }

    private Page gmailPage(UserId actor, Connection c, String query, String watermark, String token) {
        boolean subjects = repo.emailSubjects(c.org());
        String search = "all".equals(query) ? "" : query;
        String q = (search + (watermark == null ? "" : " after:" + (Long.parseLong(watermark) / 1000))).strip();
        String headers = GmailParser.metadataHeaders(subjects).stream().map(h -> "&metadataHeaders=" + enc(h))
                .reduce("", String::concat);
        String list = root(c) + "/gmail/v1/users/me/messages?maxResults=100" + (q.isEmpty() ? "" : "&q=" + enc(q))
                + (token == null ? "" : "&pageToken=" + enc(token));
        EgressResponse listed = get(actor, c, list, "application/json");
        Instant exhausted = RateLimits.exhaustedUntil(listed, clock.instant());
        JsonNode answer = parse(listed);
        List<ParsedSignal> signals = new ArrayList<>();
        long newest = 0;
        JsonNode messages = answer.get("messages");
        if (messages != null && messages.isArray()) {
            for (JsonNode m : messages) {
                String id = Json.text(m, "id", 64);
                if (id == null || !id.matches("[A-Za-z0-9]{1,64}")) {
                    continue;
                }
                JsonNode one = parse(get(actor, c, root(c) + "/gmail/v1/users/me/messages/" + id + "?format=metadata"
                        + headers, "application/json"));
                ParsedSignal s = GmailParser.message(one, subjects);
                if (s != null) {
                    signals.add(s);
                    newest = Math.max(newest, s.occurredAt().toEpochMilli());
                }
            }
        }
        return new Page(signals, Json.text(answer, "nextPageToken", 500), newest == 0 ? null : Long.toString(newest),
                exhausted);
    }

    private EgressResponse get(UserId actor, Connection c, String url, String accept) {
        EgressResponse r = egress.send(EgressRequest.builder(PURPOSE, c.org()).actor(actor).get(url)
                .header("Accept", accept).credential(c.credentialUse()).build());
        Instant limited = RateLimits.retryAt(r, clock.instant());
        if (limited != null) {
            Arrays.fill(r.body(), (byte) 0);
            throw new RateLimited(limited, "the provider limited requests (HTTP " + r.status() + ") until " + limited);
        }
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

    /** A provider asked Charter to wait; the pass keeps its place. */
    static final class RateLimited extends RuntimeException {
        final Instant retryAt;

        RateLimited(Instant retryAt, String message) {
            super(message, null, false, false);
            this.retryAt = retryAt;
        }
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
