package dev.charter.ai.internal;

import dev.charter.ai.AiGateway;
import dev.charter.ai.AiProvider;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiResult;
import dev.charter.ai.AiStatus;
import dev.charter.ai.AiUsageDay;
import dev.charter.ai.ModelKeys;
import dev.charter.ai.internal.local.LocalAnswer;
import dev.charter.ai.internal.local.LocalModel;
import dev.charter.egress.CredentialUse;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway (PIL-6): the organization's key if it connected one, else the server's key if the operator set one,
 * else the local fallback. A model sees the request's instruction and data only (PIL-7). Usage is counted per
 * organization, day (UTC) and provider; nothing of the request or the answer is stored or logged.
 */
final class DefaultAiGateway implements AiGateway {

    private static final Logger log = LoggerFactory.getLogger(DefaultAiGateway.class);

    /** Which provider a request goes to, and with which key. */
    private record Choice(AiProvider provider, CredentialUse key, String keyLabel) {}

    private final ModelKeys keys;
    private final AiSettings settings;
    private final RequestLimits limits;
    private final RemoteModel remote;
    private final LocalModel local;
    private final UsageRepository usage;
    private final JsonMapper json;
    private final Clock clock;

    DefaultAiGateway(ModelKeys keys, AiSettings settings, RequestLimits limits, RemoteModel remote, LocalModel local,
                     UsageRepository usage, JsonMapper json, Clock clock) {
        this.keys = keys;
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
        Choice choice = choose(request.org());
        if (choice.provider() == AiProvider.LOCAL) {
            return runLocally(request, checked);
        }
        int maxTokens = limits.withinBudget(checked, usage.modelTokens(request.org(), today()));
        long started = System.nanoTime();
        String who = choice.provider() == AiProvider.ORG_KEY ? "the organization's key" : "the server's key";
        AnthropicMessages.Answer answer = remote.call(request.org(), request.actor(), choice.key(), who,
                request.instruction(), request.data(), maxTokens, checked.timeout(),
                a -> usage.add(request.org(), today(), choice.provider(), a.inputTokens(), a.outputTokens()));
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        log.debug("AI request for purpose {} answered by {} in {} ms", request.purpose(), choice.provider(), latency.toMillis());
        return new AiResult(answer.text(), jsonOf(answer.text()), choice.provider(), false,
                answer.model() == null ? settings.anthropic().model() : answer.model(), null,
                new AiResult.Usage(answer.inputTokens(), answer.outputTokens(), false), latency, answer.truncated());
    }

    @Override
    public AiResult completeLocally(AiRequest request) {
        return runLocally(request, limits.check(request));
    }

    private AiResult runLocally(AiRequest request, RequestLimits.Checked checked) {
        long started = System.nanoTime();
        LocalAnswer answer = local.answer(request.instruction(), request.data(), request.task());
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        long input = RequestLimits.estimateTokens(checked.inputChars());
        long output = RequestLimits.estimateTokens(answer.text().length());
        usage.add(request.org(), today(), AiProvider.LOCAL, input, output);
        return new AiResult(answer.text(), answer.json(), AiProvider.LOCAL, true, "charter-local/" + answer.task().hint(),
                answer.task(), new AiResult.Usage(input, output, true), latency, false);
    }

    @Override
    public AiProvider activeProvider(OrgId org) {
        return choose(org).provider();
    }

    @Override
    public AiStatus status(OrgId org) {
        Choice c = choose(org);
        return new AiStatus(c.provider(), c.keyLabel(), settings.anthropic().hasServerKey(), settings.anthropic().model(),
                settings.dailyTokenBudget(), usage.modelTokens(org, today()));
    }

    @Override
    public List<AiUsageDay> usage(OrgId org, LocalDate from, LocalDate to) {
        if (from == null || to == null || from.isAfter(to) || from.plusDays(366).isBefore(to)) {
            throw new InvalidInputException("from", "Give a period of at most 366 days, from before to.");
        }
        return usage.between(org, from, to);
    }

    private Choice choose(OrgId org) {
        Optional<ModelKeys.ModelKey> own = keys.orgKey(org);
        if (own.isPresent()) {
            return new Choice(AiProvider.ORG_KEY, own.get().credential(), own.get().label());
        }
        if (settings.anthropic().hasServerKey()) {
            return new Choice(AiProvider.SERVER_KEY, AiEgress.serverKeyUse(settings), null);
        }
        return new Choice(AiProvider.LOCAL, null, null);
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
