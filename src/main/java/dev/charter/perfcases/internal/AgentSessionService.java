package dev.charter.perfcases.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiGateway;
import dev.charter.ai.AiProvider;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiResult;
import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.egress.CodeHostRules;
import dev.charter.egress.Destination;
import dev.charter.egress.ProxySession;
import dev.charter.egress.ProxySessionSpec;
import dev.charter.egress.SessionProxy;
import dev.charter.identity.CurrentUser;
import dev.charter.jobs.Job;
import dev.charter.jobs.JobHandler;
import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import dev.charter.perfcases.AgentSession;
import dev.charter.perfcases.AgentSessions;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.StartSession;
import dev.charter.perfcases.agent.Sandbox;
import dev.charter.perfcases.agent.SandboxLimits;
import dev.charter.perfcases.agent.SandboxSpec;
import dev.charter.perfcases.agent.Sandboxes;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agent sessions (PRF-5, PRF-6, PRF-7, PRF-13): queued by an admin on a case, run one at a time per node on the
 * durable queue, each in one sandbox whose only way out is its own egress socket, with the code host's rules for the
 * case and the organization's GitHub App installation behind it. The session holds no credential: egress mints and
 * attaches installation tokens after the rules allowed a request.
 */
@Service
class AgentSessionService implements AgentSessions, JobHandler {

    static final String QUEUE = "perfcases.agent";
    /** The egress purpose of a session's requests (its policy: {@link PerfcasesEgressPolicies}). */
    static final String PURPOSE = "perfcases.agent";

    private static final Logger log = LoggerFactory.getLogger(AgentSessionService.class);
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9-]{1,100}");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    /** A git ref or commit as a person names one: no leading dash (never an option), no "..", no control characters. */
    private static final Pattern REF = Pattern.compile("(?!-)(?!.*\\.\\.)[A-Za-z0-9._/+@-]{1,200}");

    private final AgentSessionRepository sessions;
    private final CaseRepository cases;
    private final CodeHostService hosts;
    private final Sandboxes sandboxes;
    private final SessionProxy proxy;
    private final JobQueue jobs;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Duration wallClock;
    private final AiGateway ai;
    private final AccessProposalService proposals;
    private final TelemetryConnectionRepository connections;

    AgentSessionService(AgentSessionRepository sessions, CaseRepository cases, CodeHostService hosts, Sandboxes sandboxes,
                        SessionProxy proxy, JobQueue jobs, AuditLog audit, Clock clock,
                        PlatformTransactionManager transactions, JsonMapper json,
                        @Value("${charter.perfcases.agent.wall-clock:PT30M}") Duration wallClock, AiGateway ai,
                        AccessProposalService proposals, TelemetryConnectionRepository connections) {
        this.ai = ai;
        this.proposals = proposals;
        this.connections = connections;
        this.sessions = sessions;
        this.cases = cases;
        this.hosts = hosts;
        this.sandboxes = sandboxes;
        this.proxy = proxy;
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.json = json;
        this.wallClock = wallClock;
    }

    @Override
    public AgentSession start(CurrentUser me, UUID caseId, StartSession in) {
        me.requireAdmin();
        PerfCase c = cases.find(me.orgId(), caseId).orElseThrow(() -> new NotFoundException("Case"));
        Map<String, String> errors = new LinkedHashMap<>();
        if (in.codeHostId() == null) {
            errors.put("codeHostId", "Choose the GitHub App installation to work through.");
        }
        String repository = in.repository() == null ? "" : in.repository().strip();
        String[] parts = repository.split("/", -1);
        if (parts.length != 2 || !OWNER.matcher(parts[0]).matches() || !REPO.matcher(parts[1]).matches()
                || parts[1].startsWith(".")) {
            errors.put("repository", "Name the repository as owner/name.");
        }
        String good = blank(in.goodRef()) ? c.baselineVersion() : in.goodRef().strip();
        String bad = blank(in.badRef()) ? c.candidateVersion() : in.badRef().strip();
        if (!REF.matcher(good).matches()) {
            errors.put("goodRef", "Name the fast version as a tag, branch or commit (letters, digits, . _ / + @ -).");
        }
        if (!REF.matcher(bad).matches()) {
            errors.put("badRef", "Name the slow version as a tag, branch or commit (letters, digits, . _ / + @ -).");
        } else if (bad.equals(good)) {
            errors.put("badRef", "Choose two different versions.");
        }
        if (in.runs() != null && (in.runs() < 3 || in.runs() > 30)) {
            errors.put("runs", "Runs per version are 3 to 30.");
        }
        if (in.minEffect() != null && !(in.minEffect() >= 0.01 && in.minEffect() <= 1)) {
            errors.put("minEffect", "The minimum effect is 0.01 (1 %) to 1 (100 %).");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        command(errors, settings, "build", in.build());
        command(errors, settings, "test", in.test());
        command(errors, settings, "bench", in.bench());
        if (in.runs() != null) {
            settings.put("runs", in.runs());
        }
        if (in.minEffect() != null) {
            settings.put("minEffect", in.minEffect());
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        CodeHostRepository.Row host = hosts.row(me.orgId(), in.codeHostId());
        if (!host.host().active()) {
            throw new ConflictException("This GitHub App installation has ended; connect it again to work through it.");
        }
        if (!parts[0].equalsIgnoreCase(host.host().account())) {
            throw new InvalidInputException("repository", "The installation is on " + host.host().account()
                    + "; choose one of its repositories.");
        }
        if (!"OPEN".equals(c.status())) {
            throw new ConflictException("The case is closed; open sessions on open cases.");
        }
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> {
            sessions.insert(me.orgId(), id, caseId, host.host().id(), parts[0], parts[1], good, bad, settings,
                    me.userId().value(), clock.instant());
            jobs.enqueue(NewJob.of(me.orgId(), QUEUE, "{\"session\":\"" + id + "\"}").attempts(1).dedupe("agent-" + id));
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "perfcases.agent.session.queued",
                            "perfcase:" + caseId)
                    .with("session", id.toString()).with("repository", repository).with("good", good).with("bad", bad));
        });
        return get(me.orgId(), id);
    }

    @Override
    public AgentSession get(OrgId org, UUID id) {
        return sessions.find(org, id).orElseThrow(() -> new NotFoundException("Agent session"));
    }

    @Override
    public List<AgentSession> forCase(OrgId org, UUID caseId) {
        cases.find(org, caseId).orElseThrow(() -> new NotFoundException("Case"));
        return sessions.forCase(org, caseId);
    }

    @Override
    public List<LogLine> log(OrgId org, UUID id, int after, int limit) {
        get(org, id);
        return sessions.log(org, id, after, limit);
    }

    /**
     * A session whose node stopped mid-way stays RUNNING in its row: once it is past its wall clock and a margin, it
     * is failed with the reason (its sandbox died with the node). A session queued for a day was never run.
     */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void failAbandoned() {
        Instant now = clock.instant();
        int n = sessions.failAbandoned(now.minus(wallClock).minus(Duration.ofMinutes(10)), now.minus(Duration.ofDays(1)), now);
        if (n > 0) {
            log.warn("{} agent session(s) failed: their server stopped before they ended", n);
        }
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    /** Benchmarks on one machine disturb each other: one session at a time per node. */
    @Override
    public int concurrency() {
        return 1;
    }

    @Override
    public void handle(Job job) {
        UUID id = UUID.fromString(json.readTree(job.payload()).path("session").asString());
        OrgId org = job.org();
        if (!sessions.claim(org, id, clock.instant())) {
            return; // already run, or taken over after its node died: a session runs once
        }
        AgentSession s = get(org, id);
        Log sessionLog = new Log(org, id);
        try {
            run(org, s, sessionLog);
        } catch (AgentRun.StepFailed e) {
            sessionLog.say("Stopped: " + e.getMessage());
            sessions.fail(org, id, e.getMessage(), clock.instant());
            finished(org, s, "FAILED", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Agent session {} failed: {}", id, e.toString());
            String why = "The session stopped on an internal error (" + e.getClass().getSimpleName() + ").";
            sessionLog.say("Stopped: " + why);
            sessions.fail(org, id, why, clock.instant());
            finished(org, s, "FAILED", why);
        }
    }

    private void run(OrgId org, AgentSession s, Log out) {
        if (!sandboxes.available()) {
            throw new AgentRun.StepFailed("Agent sandboxes need bubblewrap on this server; install the bubblewrap package.");
        }
        CodeHostRepository.Row host = hosts.row(org, s.codeHostId());
        if (!host.host().active()) {
            throw new AgentRun.StepFailed("The GitHub App installation has ended.");
        }
        String owner = s.repository().substring(0, s.repository().indexOf('/'));
        String repo = s.repository().substring(s.repository().indexOf('/') + 1);
        URI api = host.host().apiBase();
        URI git = host.host().gitBase();
        String branch = "charter/case-" + s.caseId();
        CodeHostRules rules = CodeHostRules.forCase(api, git, owner, repo, s.caseId().toString(), hosts.installation(host));
        String sessionId = "agent-" + s.id();
        Instant deadline = clock.instant().plus(wallClock);
        ProxySession ps = proxy.open(new ProxySessionSpec(org, sessionId, PURPOSE, grants(api, git, owner, repo),
                wallClock.plusMinutes(5), List.of(rules)));
        out.redact(ps.token().value());
        out.say("Sandbox " + sessionId + ": no credential inside, one way out (its egress socket), wall clock "
                + wallClock.toMinutes() + " min");
        SandboxLimits limits = SandboxLimits.DEFAULT.withWallClock(wallClock);
        try (Sandbox box = sandboxes.prepare(new SandboxSpec(sessionId, List.of("/bin/true"),
                Map.of("CHARTER_SESSION_TOKEN", ps.token().value()), ps.socket(), limits))) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put(".charter/agent.sh", resource("agent.sh"));
            files.put(".charter/forward.py", resource("forward.py"));
            AgentRun agent = new AgentRun(AgentRun.in(box, files, out::line,
                    () -> Duration.between(clock.instant(), deadline)), line -> {
                out.say(line);
                sessions.step(org, s.id(), line);
            });
            work(org, s, agent, files, api, git, owner, repo, branch, rules, out);
        } finally {
            proxy.close(sessionId);
        }
    }

    private void work(OrgId org, AgentSession s, AgentRun agent, Map<String, String> files, URI api, URI git,
                      String owner, String repo, String branch, CodeHostRules rules, Log out) {
        Map<String, Object> result = new LinkedHashMap<>();
        List<AgentRun.Measured> measured = new ArrayList<>();
        String gitUrl = git.toString().replaceAll("/+$", "") + "/" + owner + "/" + repo + ".git";
        String apiUrl = api.toString().replaceAll("/+$", "");
        AgentRun.Cloned cloned = agent.cloneRepository(gitUrl, apiUrl, owner, repo, s.goodRef(), s.badRef());
        AgentRun.Recipe recipe = AgentRun.Recipe.of(cloned.config(), sessions.settings(org, s.id()));
        files.put(".charter/build", recipe.build());
        files.put(".charter/test", recipe.test());
        files.put(".charter/bench", recipe.bench());
        result.put("recipe", recipe.describe());
        result.put("good", cloned.good());
        result.put("bad", cloned.bad());
        result.put("commits", cloned.commits().size());
        Runnable save = () -> {
            result.put("comparisons", measured.stream().map(AgentRun.Measured::describe).toList());
            sessions.result(org, s.id(), result, (String) result.get("culprit"));
        };
        save.run();

        agent.prepare(cloned.good());
        agent.prepare(cloned.bad());
        if (!agent.test(recipe, cloned.bad())) {
            throw new AgentRun.StepFailed("The tests fail on the slow version already; a fix could not be told from a break.");
        }
        AgentRun.Measured first = agent.compare(recipe, "fast version → slow version", cloned.good(), cloned.bad());
        measured.add(first);
        save.run();
        if (!first.cmp().regression()) {
            out.say("No change beyond the noise between the two versions: nothing to bisect, no pull request");
            finish(org, s, AgentRun.Outcome.NO_CHANGE, null, null);
            return;
        }
        String culprit = cloned.commits().size() == 1 ? cloned.bad()
                : agent.bisect(recipe, cloned.good(), cloned.commits(), measured);
        result.put("culprit", culprit);
        result.put("culpritSubject", cloned.subjects().getOrDefault(culprit, ""));
        save.run();
        out.say("The first slow commit is " + culprit + " (" + cloned.subjects().getOrDefault(culprit, "") + ")");

        // the model's fix first when the organization has a model key, else (or when it fails) the revert
        PerfCase c = cases.find(org, s.caseId()).orElseThrow(() -> new NotFoundException("Case"));
        List<String> reasons = new ArrayList<>();
        Candidate chosen = null;
        if (ai.activeProvider(org) != AiProvider.LOCAL) {
            chosen = evaluate(agent, recipe, cloned, branch, measured, reasons, "model",
                    () -> modelFix(org, c, agent, recipe, cloned, culprit, branch, files, out));
        }
        if (chosen == null) {
            chosen = evaluate(agent, recipe, cloned, branch, measured, reasons, "revert",
                    () -> new Proposed(agent.revert(cloned.bad(), culprit, branch), null));
        }
        save.run();
        if (chosen == null) {
            String why = String.join(" ", reasons);
            out.say(why + " No pull request is opened.");
            result.put("noFix", why);
            save.run();
            finish(org, s, AgentRun.Outcome.CULPRIT_ONLY, null, null);
            return;
        }
        AgentRun.Measured after = chosen.after();
        boolean testsPass = true;
        result.put("fix", chosen.fix().commit());
        result.put("fixStrategy", chosen.strategy());
        result.put("fixChanges", chosen.fix().changed());
        result.put("fixTestsPass", true);
        if (chosen.explanation() != null) {
            result.put("fixExplanation", chosen.explanation());
        }
        if (!reasons.isEmpty()) {
            result.put("notChosen", String.join(" ", reasons));
        }
        save.run();
        agent.push(branch);
        files.put(".charter/pull.json", json.writeValueAsString(Map.of(
                "title", PullRequestText.title(c, culprit, cloned.subjects().getOrDefault(culprit, ""), after,
                        chosen.explanation()),
                "head", branch, "base", cloned.defaultBranch(), "draft", true,
                "body", PullRequestText.body(c, recipe, cloned, culprit, first, after, measured, testsPass,
                        chosen.explanation()))));
        agent.openPull(apiUrl, owner, repo);
        // the number as the proxy saw GitHub answer it, not as the sandbox says
        Integer number = rules.pullNumber();
        String url = number == null ? null : git.toString().replaceAll("/+$", "") + "/" + owner + "/" + repo + "/pull/" + number;
        out.say("Draft pull request " + (url == null ? "opened" : url) + ": the merge is the organization's");
        finish(org, s, AgentRun.Outcome.PULL_REQUEST, number, url);
    }

    /** A fix that passed the tests and beat the noise: how it was made, its commit, its comparison with the slow version. */
    record Candidate(String strategy, AgentRun.Fix fix, AgentRun.Measured after, String explanation) {}

    /** A fix made one way, and the model's own words for it (null for the revert). */
    record Proposed(AgentRun.Fix fix, String explanation) {}

    /** Makes a fix; null when there is none to try (the model did not answer). */
    interface Proposal {
        Proposed make();
    }

    /**
     * Makes a fix one way and checks it: it must not touch the benchmark or its harness, must pass the tests and must
     * beat the noise against the slow version. Answers it, or null with the reason added to {@code reasons}.
     */
    private Candidate evaluate(AgentRun agent, AgentRun.Recipe recipe, AgentRun.Cloned cloned, String branch,
                               List<AgentRun.Measured> measured, List<String> reasons, String strategy, Proposal make) {
        String what = strategy.equals("model") ? "The model's fix" : "The revert of the culprit";
        AgentRun.Fix fix;
        String explanation;
        try {
            Proposed made = make.make();
            if (made == null) {
                return null;
            }
            fix = made.fix();
            explanation = made.explanation();
        } catch (AgentRun.StepFailed e) {
            reasons.add(what + ": " + e.getMessage());
            return null;
        }
        List<String> harness = fix.changed().stream().filter(recipe::touchesHarness).toList();
        if (!harness.isEmpty()) {
            reasons.add(what + " changes the benchmark or its harness (" + String.join(", ", harness)
                    + "); such a change is never proposed.");
            return null;
        }
        AgentRun.Measured after;
        try {
            agent.prepare(fix.commit());
            if (!agent.test(recipe, fix.commit())) {
                reasons.add(what + " fails the tests.");
                return null;
            }
            after = agent.compare(recipe, strategy.equals("model") ? "the model's fix → slow version"
                    : "the fix → slow version", fix.commit(), cloned.bad());
        } catch (AgentRun.StepFailed e) {
            reasons.add(what + ": " + e.getMessage());
            return null;
        }
        measured.add(after);
        if (!after.cmp().regression()) {
            reasons.add(what + " does not beat the noise.");
            return null;
        }
        return new Candidate(strategy, fix, after, explanation);
    }

    static final String FIX_PURPOSE = "perfcases.agent-fix";
    static final String FIX_INSTRUCTION = "A performance regression was bisected to the commit in sourceChange. Propose "
            + "the smallest change to the files shown that restores the speed the case's statistics describe without "
            + "changing what the code does. Answer the complete new content of each file you change (only files shown "
            + "in sourceChange.files, never a benchmark or test harness), and explain the change in one or two sentences. If one "
            + "more attribute key of the service's spans would help to confirm the fix, name it under accessNeeded with "
            + "why: it is only proposed to the organization's admins.";
    static final String FIX_SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["explanation", "files"],
             "properties": {
               "explanation": {"type": "string", "maxLength": 1000},
               "files": {"type": "array", "minItems": 1, "maxItems": 10, "items": {
                 "type": "object", "additionalProperties": false, "required": ["path", "content"],
                 "properties": {"path": {"type": "string", "maxLength": 300},
                                "content": {"type": "string", "maxLength": 100000}}}},
               "accessNeeded": {"type": "array", "maxItems": 5, "items": {
                 "type": "object", "additionalProperties": false, "required": ["attributeKey", "justification"],
                 "properties": {"attributeKey": {"type": "string", "maxLength": 100},
                                "justification": {"type": "string", "maxLength": 500}}}}}}""";

    /**
     * Asks the organization's model for a fix, through the AI gateway, with the case's aggregates and the culprit's
     * code and nothing else (PRF-11), and commits its files on the case branch. Null when the model did not answer.
     */
    private Proposed modelFix(OrgId org, PerfCase c, AgentRun agent, AgentRun.Recipe recipe, AgentRun.Cloned cloned,
                              String culprit, String branch, Map<String, String> files, Log out) {
        SourceChange change = agent.show(culprit, cloned.subjects().getOrDefault(culprit, ""), cloned.bad());
        CaseModelContext context = CaseModelContext.of(c).add(change).build(json);
        AiResult answer;
        try {
            answer = ai.complete(new AiRequest(org, null, FIX_PURPOSE, FIX_INSTRUCTION, context.data(), null, 4096, null,
                    json.readTree(FIX_SCHEMA)));
        } catch (AiFailedException e) {
            out.say("The model did not propose a fix (" + e.getMessage() + "); trying the revert");
            return null;
        } catch (InvalidInputException e) {
            out.say("The case and the culprit's code are too large to send to the model; trying the revert");
            return null;
        }
        JsonNode proposal = answer.json();
        if (proposal == null || !proposal.path("files").isArray()) {
            throw new AgentRun.StepFailed("the model's answer names no files.");
        }
        java.util.Set<String> shown = new java.util.HashSet<>();
        change.files().forEach(f -> shown.add(f.path()));
        StringBuilder index = new StringBuilder();
        int n = 0;
        for (JsonNode f : proposal.path("files")) {
            String path = f.path("path").asString("");
            if (!shown.contains(path) || recipe.touchesHarness(path)) {
                throw new AgentRun.StepFailed("the model proposed changing " + (path.isEmpty() ? "an unnamed file" : path)
                        + ", which is not one of the culprit's files or is the benchmark's harness.");
            }
            n++;
            files.put(".charter/proposal/" + n, f.path("content").asString(""));
            index.append(path).append('\n');
        }
        String explanation = proposal.path("explanation").asString("").strip();
        proposeAccess(org, c, proposal.path("accessNeeded"), out);
        files.put(".charter/proposal/index", index.toString());
        files.put(".charter/proposal/message", "Perf case: " + (explanation.isEmpty() ? "a fix proposed by the model"
                : explanation) + "\n\nProposed by a model for the regression bisected to " + culprit + ".\n");
        out.say("The model proposed changing " + index.toString().strip().replace("\n", ", ") + ": " + explanation);
        return new Proposed(agent.apply(cloned.bad(), branch), explanation.isEmpty() ? null : explanation);
    }

    /**
     * Access the agent asks for beyond its grants (PRF-10): each attribute key becomes a proposal on the case, on each
     * of the organization's active trace connections, by Charter with the agent's justification. Nothing is read
     * with it until an admin approves it; the session itself never gains anything.
     */
    private void proposeAccess(OrgId org, PerfCase c, JsonNode needed, Log out) {
        if (!needed.isArray() || needed.isEmpty()) {
            return;
        }
        List<dev.charter.perfcases.TelemetryConnection> traces = connections.list(org).stream()
                .filter(t -> t.active() && dev.charter.perfcases.AccessScope.TRACE_ATTRIBUTE.appliesTo(t.kind())).toList();
        for (JsonNode n : needed) {
            String key = n.path("attributeKey").asString("").strip();
            String why = "Proposed by the agent session: " + n.path("justification").asString("").strip();
            if (traces.isEmpty()) {
                out.say("The agent asked for the span attribute " + key + ", but no trace connection is active");
            }
            for (var t : traces) {
                try {
                    proposals.propose(org, null, c.id(), t.id(), dev.charter.perfcases.AccessScope.TRACE_ATTRIBUTE, key,
                            why.length() > 500 ? why.substring(0, 500) : why)
                            .ifPresent(p -> out.say("Proposed reading the span attribute " + key + " on " + t.label()
                                    + ": it waits for an admin on the case"));
                } catch (InvalidInputException | ConflictException e) {
                    out.say("The agent's request for the span attribute " + key + " was not proposed: " + e.getMessage());
                }
            }
        }
    }

    private void finish(OrgId org, AgentSession s, AgentRun.Outcome outcome, Integer number, String url) {
        sessions.finish(org, s.id(), outcome.name(), number, url, clock.instant());
        finished(org, s, "FINISHED", outcome.name());
    }

    private void finished(OrgId org, AgentSession s, String status, String detail) {
        audit.record(AuditEvent.of(org, null, "perfcases.agent.session.ended", "perfcase:" + s.caseId())
                .with("session", s.id().toString()).with("status", status)
                .with("detail", detail.length() > 300 ? detail.substring(0, 300) : detail));
    }

    /** The session's own allowlist: the case's repository on the API and on git, nothing else. */
    static List<Destination> grants(URI api, URI git, String owner, String repo) {
        String apiPath = api.getPath() == null ? "" : api.getPath().replaceAll("/+$", "");
        String gitPath = git.getPath() == null ? "" : git.getPath().replaceAll("/+$", "");
        return List.of(
                destination(api).withMethods("GET", "HEAD", "POST", "PATCH")
                        .withPaths(apiPath + "/repos/" + owner + "/" + repo, apiPath + "/repos/" + owner + "/" + repo + "/**",
                                apiPath + "/graphql", apiPath + "/rate_limit"),
                destination(git).withMethods("GET", "POST").withPaths(gitPath + "/" + owner + "/" + repo + ".git/**"));
    }

    private static Destination destination(URI base) {
        Destination d = Destination.https(base.getHost()).withSchemes(base.getScheme().toLowerCase(Locale.ROOT));
        return base.getPort() > 0 ? d.withPorts(base.getPort()) : d;
    }

    private static void command(Map<String, String> errors, Map<String, Object> settings, String field, String value) {
        if (blank(value)) {
            return;
        }
        if (value.length() > 2000 || value.chars().anyMatch(ch -> ch < 0x20 && ch != '\t')) {
            errors.put(field, "A command is one line of at most 2,000 characters.");
            return;
        }
        settings.put(field, value.strip());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String resource(String name) {
        try (InputStream in = AgentSessionService.class.getResourceAsStream("/perfcases/agent/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource perfcases/agent/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The session's log: Charter's own lines and what the sandbox printed, numbered, cut past the limit. */
    private final class Log {
        private final OrgId org;
        private final UUID id;
        private final AtomicInteger seq = new AtomicInteger();
        private volatile String token;

        Log(OrgId org, UUID id) {
            this.org = org;
            this.id = id;
        }

        void say(String line) {
            line("» " + line);
        }

        /** The session token never reaches the log, whatever the repository's commands print. */
        void redact(String t) {
            token = t;
        }

        void line(String raw) {
            String t = token;
            String line = t == null ? raw : raw.replace(t, "[session token]");
            int n = seq.incrementAndGet();
            if (n < AgentSessionRepository.MAX_LOG_LINES) {
                sessions.appendLog(org, id, n, clock.instant(), line);
            } else if (n == AgentSessionRepository.MAX_LOG_LINES) {
                sessions.appendLog(org, id, n, clock.instant(), "» (the rest of the log was cut)");
            }
        }
    }
}
