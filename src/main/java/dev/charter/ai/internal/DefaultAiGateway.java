package dev.charter.ai.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiGateway;
import dev.charter.ai.AiProvider;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiResult;
import dev.charter.ai.AiStatus;
import dev.charter.ai.AiStreamResult;
import dev.charter.ai.AiTool;
import dev.charter.ai.AiToolCall;
import dev.charter.ai.AiToolResult;
import dev.charter.ai.AiUsageDay;
import dev.charter.ai.internal.local.LocalAnswer;
import dev.charter.ai.internal.local.LocalModel;
import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway (PIL-6): the first provider of the organization's order that is connected or configured and that the
 * operator allows (by default its own endpoint, its own key, the server's provider, the local fallback). A model sees the request's instruction and data only (PIL-7). Usage is counted per
 * organization, day (UTC) and provider; nothing of the request or the answer is stored or logged.
 */
final class DefaultAiGateway implements AiGateway {

    private static final Logger log = LoggerFactory.getLogger(DefaultAiGateway.class);
    /** Added to the instruction when an answer did not match its schema and is asked for once more. */
    static final String RETRY_NOTE = "\n\nYour previous answer did not match the required JSON schema. Answer again "
            + "with only a JSON object that matches it. What was wrong: ";

    private final ProviderRoutes routes;
    private final ChoiceRepository choices;
    private final AuditLog audit;
    private final AiSettings settings;
    private final RequestLimits limits;
    private final RemoteModel remote;
    private final LocalModel local;
    private final UsageRepository usage;
    private final JsonMapper json;
    private final Clock clock;

    DefaultAiGateway(ProviderRoutes routes, ChoiceRepository choices, AuditLog audit, AiSettings settings,
                     RequestLimits limits, RemoteModel remote, LocalModel local, UsageRepository usage, JsonMapper json,
                     Clock clock) {
        this.routes = routes;
        this.choices = choices;
        this.audit = audit;
        this.settings = settings;
        this.limits = limits;
        this.remote = remote;
        this.local = local;
        this.usage = usage;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public AiResult complete(AiRequest request) {
        RequestLimits.Checked checked = limits.check(request);
        ProviderRoutes.Route choice = routes.choose(request.org());
        if (choice.provider() == AiProvider.LOCAL) {
            return runLocally(request, checked);
        }
        if (!settings.allows(choice.provider())) {
            // the routes never choose such a provider; this guards the promise should that ever change
            throw new AiFailedException(AiFailedException.Kind.EGRESS_DENIED, "The operator does not allow this provider.");
        }
        try {
            AiResult result = completeRemotely(request, checked, choice);
            usage.addLatency(request.org(), today(), choice.provider(), result.latency().toMillis());
            return result;
        } catch (AiFailedException e) {
            if (e.kind() != AiFailedException.Kind.BUDGET_EXHAUSTED) {
                usage.addError(request.org(), today(), choice.provider());
            }
            throw e;
        }
    }

    private AiResult completeRemotely(AiRequest request, RequestLimits.Checked checked, ProviderRoutes.Route choice) {
        long started = System.nanoTime();
        ModelApi.Answer answer = call(request, checked, choice, request.instruction());
        JsonNode structured = jsonOf(answer.text());
        long input = answer.inputTokens();
        long output = answer.outputTokens();
        if (request.schema() != null) {
            List<AnswerSchemas.Problem> problems = AnswerSchemas.problems(request.schema(), structured);
            if (!problems.isEmpty()) {
                // validated, and asked once more with what was wrong, for providers that cannot constrain the answer
                answer = call(request, checked, choice, request.instruction() + RETRY_NOTE + problems.stream()
                        .map(AnswerSchemas.Problem::message).collect(Collectors.joining("; ")));
                input += answer.inputTokens();
                output += answer.outputTokens();
                structured = jsonOf(answer.text());
                problems = AnswerSchemas.problems(request.schema(), structured);
                if (!problems.isEmpty()) {
                    throw new AiFailedException(AiFailedException.Kind.BAD_ANSWER, "The model's answer did not match the "
                            + "schema, also when asked again: " + problems.stream().map(AnswerSchemas.Problem::brief)
                            .collect(Collectors.joining(", ")) + ".");
                }
            }
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        log.debug("AI request for purpose {} answered by {} in {} ms", request.purpose(), choice.provider(), latency.toMillis());
        return new AiResult(answer.text(), structured, choice.provider(), false,
                answer.model() == null ? choice.model() : answer.model(), null,
                new AiResult.Usage(input, output, false), latency, answer.truncated());
    }

    /** One model call within today's budget, counted whenever its answer arrives. */
    private ModelApi.Answer call(AiRequest request, RequestLimits.Checked checked, ProviderRoutes.Route choice,
                                 String instruction) {
        int maxTokens = limits.withinBudget(checked, usage.modelTokens(request.org(), today()));
        return remote.call(request.org(), request.actor(), choice, instruction, request.data(), request.schema(),
                maxTokens, checked.timeout(),
                a -> usage.add(request.org(), today(), choice.provider(), a.inputTokens(), a.outputTokens()));
    }

    @Override
    public AiToolResult completeWithTools(AiRequest request, List<AiTool> tools, int maxRounds) {
        Map<String, String> errors = new LinkedHashMap<>();
        RequestLimits.Checked checked = null;
        try {
            checked = limits.check(request);
        } catch (InvalidInputException e) {
            errors.putAll(e.fieldErrors());
        }
        Tools checkedTools = Tools.check(tools, maxRounds, errors);
        if (checkedTools != null && checked != null
                && checked.inputChars() + checkedTools.chars() > settings.maxInputChars()) {
            errors.put("tools", "The instruction, the data and the tool definitions are "
                    + (checked.inputChars() + checkedTools.chars()) + " characters together; the limit is "
                    + settings.maxInputChars() + ".");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        ProviderRoutes.Route choice = routes.choose(request.org());
        if (choice.provider() == AiProvider.LOCAL) {
            return toolsLocally(request, checked, checkedTools);
        }
        if (!settings.allows(choice.provider())) {
            throw new AiFailedException(AiFailedException.Kind.EGRESS_DENIED, "The operator does not allow this provider.");
        }
        try {
            AiToolResult result = toolRounds(request, checked, checkedTools, maxRounds, choice);
            usage.addLatency(request.org(), today(), choice.provider(), result.answer().latency().toMillis());
            return result;
        } catch (AiFailedException e) {
            if (e.kind() != AiFailedException.Kind.BUDGET_EXHAUSTED) {
                usage.addError(request.org(), today(), choice.provider());
            }
            throw e;
        }
    }

    /**
     * The tool loop: each round one model call within today's budget (its input estimated from the whole conversation
     * so far), its tool calls run and their results sent with the next round, until a final answer.
     */
    private AiToolResult toolRounds(AiRequest request, RequestLimits.Checked checked, Tools tools, int maxRounds,
                                    ProviderRoutes.Route choice) {
        long started = System.nanoTime();
        List<ToolTurns.Turn> turns = new ArrayList<>();
        List<AiToolCall> calls = new ArrayList<>();
        long input = 0;
        long output = 0;
        int rounds = 0;
        boolean askedAgain = false;
        while (true) {
            long chars = checked.inputChars() + tools.chars() + turns.stream().mapToLong(ToolTurns.Turn::chars).sum();
            if (chars > settings.maxInputChars()) {
                throw new AiFailedException(AiFailedException.Kind.REQUEST_REFUSED, "The tool results made the "
                        + "conversation " + chars + " characters long, above the limit of " + settings.maxInputChars()
                        + ", after " + rounds + " tool rounds. Let the tools return less.");
            }
            RequestLimits.Checked round = new RequestLimits.Checked(checked.maxOutputTokens(), checked.timeout(), chars);
            int maxTokens = limits.withinBudget(round, usage.modelTokens(request.org(), today()));
            byte[] body = choice.api().toolRequestBody(choice.model(), maxTokens, request.instruction(), request.data(),
                    tools.specs(), turns, request.schema());
            ModelApi.Answer answer = remote.send(request.org(), request.actor(), choice, body, checked.timeout(),
                    a -> usage.add(request.org(), today(), choice.provider(), a.inputTokens(), a.outputTokens()));
            input += answer.inputTokens();
            output += answer.outputTokens();
            ToolTurns.Use answerUse = answer.answerUse();
            if (answer.toolUses().isEmpty() || answerUse != null) {
                JsonNode structured = jsonOf(answer.text());
                if (request.schema() != null) {
                    List<AnswerSchemas.Problem> problems = AnswerSchemas.problems(request.schema(), structured);
                    if (!problems.isEmpty()) {
                        if (askedAgain) {
                            throw new AiFailedException(AiFailedException.Kind.BAD_ANSWER, "The model's answer did not "
                                    + "match the schema, also when asked again: " + problems.stream()
                                    .map(AnswerSchemas.Problem::brief).collect(Collectors.joining(", ")) + ".");
                        }
                        askedAgain = true;
                        String wrong = RETRY_NOTE + problems.stream().map(AnswerSchemas.Problem::message)
                                .collect(Collectors.joining("; "));
                        // the answer tool's call is answered with what was wrong; a text answer with a note
                        turns.add(answerUse != null
                                ? new ToolTurns.Turn("", List.of(answerUse),
                                        List.of(new ToolTurns.Outcome(answerUse.id(), wrong.strip(), true)), null)
                                : new ToolTurns.Turn(answer.text(), List.of(), List.of(), wrong.strip()));
                        continue;
                    }
                }
                Duration latency = Duration.ofNanos(System.nanoTime() - started);
                log.debug("AI request with tools for purpose {} answered by {} after {} rounds in {} ms",
                        request.purpose(), choice.provider(), rounds, latency.toMillis());
                AiResult result = new AiResult(answer.text(), structured, choice.provider(), false,
                        answer.model() == null ? choice.model() : answer.model(), null,
                        new AiResult.Usage(input, output, false), latency, answer.truncated());
                return new AiToolResult(result, calls, rounds);
            }
            if (rounds == maxRounds) {
                throw new AiFailedException(AiFailedException.Kind.TOOL_ROUNDS_EXHAUSTED, "The model still asked for a "
                        + "tool after " + maxRounds + " tool round" + (maxRounds == 1 ? "" : "s") + ", the most this "
                        + "request allows. Allow more rounds (up to " + MAX_TOOL_ROUNDS + "), or make the instruction "
                        + "say when to stop.");
            }
            rounds++;
            List<ToolTurns.Outcome> outcomes = new ArrayList<>();
            for (ToolTurns.Use use : answer.toolUses()) {
                Tools.Ran ran = tools.run(use, rounds);
                calls.add(ran.call());
                outcomes.add(ran.outcome());
            }
            turns.add(new ToolTurns.Turn(answer.text(), answer.toolUses(), outcomes, null));
        }
    }

    /** The local fallback with tools: one round of the tools the data can feed, then the local answer over both. */
    private AiToolResult toolsLocally(AiRequest request, RequestLimits.Checked checked, Tools tools) {
        List<Tools.Ran> ran = tools.runLocally(request.data());
        JsonNode data = request.data();
        if (!ran.isEmpty()) {
            ObjectNode joined = data.isObject() ? ((ObjectNode) data).deepCopy() : json.createObjectNode();
            if (!data.isObject() && !data.isNull()) {
                joined.set("data", data);
            }
            for (Tools.Ran r : ran) {
                if (r.call().succeeded() && !joined.has(r.call().name())) {
                    joined.set(r.call().name(), r.call().output());
                }
            }
            data = joined;
        }
        AiRequest withResults = new AiRequest(request.org(), request.actor(), request.purpose(), request.instruction(),
                data, request.task(), request.maxOutputTokens(), request.timeout(), request.schema());
        AiResult answer = runLocally(withResults, new RequestLimits.Checked(checked.maxOutputTokens(), checked.timeout(),
                checked.inputChars() + Math.max(0, data.toString().length() - request.data().toString().length())));
        return new AiToolResult(answer, ran.stream().map(Tools.Ran::call).toList(), ran.isEmpty() ? 0 : 1);
    }

    @Override
    public AiStreamResult stream(AiRequest request, Consumer<String> pieces) {
        Objects.requireNonNull(pieces, "pieces");
        if (request.schema() != null) {
            throw new InvalidInputException("schema", "A streamed answer is text: ask for a structured answer without "
                    + "streaming.");
        }
        RequestLimits.Checked checked = limits.check(request);
        ProviderRoutes.Route choice = routes.choose(request.org());
        if (choice.provider() == AiProvider.LOCAL) {
            AiResult answer = runLocally(request, checked);
            for (String piece : inPieces(answer.text())) {
                pieces.accept(piece);
            }
            return new AiStreamResult(answer, AiStreamResult.End.COMPLETE);
        }
        if (!settings.allows(choice.provider())) {
            throw new AiFailedException(AiFailedException.Kind.EGRESS_DENIED, "The operator does not allow this provider.");
        }
        try {
            long started = System.nanoTime();
            int maxTokens = limits.withinBudget(checked, usage.modelTokens(request.org(), today()));
            long inputEstimate = RequestLimits.estimateTokens(checked.inputChars() + AnthropicMessages.SYSTEM.length());
            RemoteModel.Streamed s = remote.stream(request.org(), request.actor(), choice, request.instruction(),
                    request.data(), maxTokens, maxTokens < checked.maxOutputTokens(), inputEstimate, checked.timeout(),
                    pieces, (in, out) -> usage.add(request.org(), today(), choice.provider(), in, out));
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            usage.addLatency(request.org(), today(), choice.provider(), latency.toMillis());
            log.debug("AI request for purpose {} streamed by {} in {} ms, {}", request.purpose(), choice.provider(),
                    latency.toMillis(), s.end());
            AiResult result = new AiResult(s.text(), jsonOf(s.text()), choice.provider(), false,
                    s.model() == null ? choice.model() : s.model(), null,
                    new AiResult.Usage(s.inputTokens(), s.outputTokens(), s.estimated()), latency,
                    s.end() != AiStreamResult.End.COMPLETE);
            return new AiStreamResult(result, s.end());
        } catch (AiFailedException e) {
            if (e.kind() != AiFailedException.Kind.BUDGET_EXHAUSTED) {
                usage.addError(request.org(), today(), choice.provider());
            }
            throw e;
        }
    }

    /** The local fallback's answer in pieces of a few words, each with the space after it. */
    static List<String> inPieces(String text) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher words = PIECE.matcher(text);
        while (words.find()) {
            out.add(words.group());
        }
        return out;
    }

    private static final java.util.regex.Pattern PIECE = java.util.regex.Pattern.compile("\\s*(\\S+\\s*){1,3}|\\s+");

    @Override
    public AiResult completeLocally(AiRequest request) {
        return runLocally(request, limits.check(request));
    }

    private AiResult runLocally(AiRequest request, RequestLimits.Checked checked) {
        long started = System.nanoTime();
        LocalAnswer answer = local.answer(request.instruction(), request.data(), request.task());
        JsonNode structured = answer.json();
        if (request.schema() != null) {
            structured = LocalShapes.fill(request.schema(), answer.json(), answer.text());
            List<AnswerSchemas.Problem> problems = AnswerSchemas.problems(request.schema(), structured);
            if (!problems.isEmpty()) {
                throw new AiFailedException(AiFailedException.Kind.BAD_ANSWER, "The local fallback cannot answer in this "
                        + "shape: " + problems.stream().map(AnswerSchemas.Problem::brief).collect(Collectors.joining(", "))
                        + ". Loosen the schema, or choose a model provider.");
            }
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        long input = RequestLimits.estimateTokens(checked.inputChars());
        long output = RequestLimits.estimateTokens(answer.text().length());
        usage.add(request.org(), today(), AiProvider.LOCAL, input, output);
        return new AiResult(answer.text(), structured, AiProvider.LOCAL, true, "charter-local/" + answer.task().hint(),
                answer.task(), new AiResult.Usage(input, output, true), latency, false);
    }

    @Override
    public AiProvider activeProvider(OrgId org) {
        return routes.choose(org).provider();
    }

    @Override
    public AiStatus status(OrgId org) {
        ProviderRoutes.Route c = routes.choose(org);
        return new AiStatus(c.provider(), c.label(), routes.serverConfigured(),
                c.model() == null ? settings.anthropic().model() : c.model(), settings.dailyTokenBudget(),
                usage.modelTokens(org, today()), routes.order(org), routes.describe(org), routes.endpointModel(org));
    }

    @Override
    public List<AiProvider> providerOrder(OrgId org) {
        return routes.order(org);
    }

    @Override
    public void chooseProviders(OrgId org, UserId actor, List<AiProvider> order, String endpointModel) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<AiProvider> checked = new ArrayList<>();
        if (order == null || order.isEmpty() || order.contains(null)) {
            errors.put("order", "Choose at least one provider, in the order they should be tried.");
        } else {
            for (AiProvider p : order) {
                if (checked.contains(p)) {
                    errors.put("order", "Name each provider once.");
                } else if (!settings.allows(p)) {
                    errors.put("order", "The operator of this server does not allow " + p.name()
                            + "; allowed are " + settings.allowedProviders() + ".");
                }
                checked.add(p);
            }
            if (!checked.contains(AiProvider.LOCAL)) {
                checked.add(AiProvider.LOCAL);
            }
        }
        String model = endpointModel == null || endpointModel.isBlank() ? null : endpointModel.strip();
        if (model != null && (model.length() > 200 || model.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f))) {
            errors.put("endpointModel", "Give the model's name as your endpoint knows it, up to 200 characters on one line.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        choices.save(org, checked, model, clock.instant());
        audit.record(AuditEvent.of(org, actor == null ? null : actor.value(), "ai.providers.chosen", "organization:" + org)
                .with("order", checked.stream().map(Enum::name).collect(Collectors.joining(","))));
    }

    @Override
    public List<AiUsageDay> usage(OrgId org, LocalDate from, LocalDate to) {
        if (from == null || to == null || from.isAfter(to) || from.plusDays(366).isBefore(to)) {
            throw new InvalidInputException("from", "Give a period of at most 366 days, from before to.");
        }
        return usage.between(org, from, to);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The model's text as JSON when it is a JSON object or array, else null. */
    private JsonNode jsonOf(String text) {
        String t = text.strip();
        if (!(t.startsWith("{") && t.endsWith("}")) && !(t.startsWith("[") && t.endsWith("]"))) {
            return null;
        }
        try {
            return json.readTree(t);
        } catch (JacksonException e) {
            return null;
        }
    }
}
