package dev.charter.ai.internal;

import dev.charter.ai.AiChoice;
import dev.charter.ai.AiProvider;
import dev.charter.ai.ModelKeys;
import dev.charter.egress.CredentialUse;
import dev.charter.shared.OrgId;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which provider answers an organization (PIL-6): the first in its order (by default own endpoint, own key, the
 * server's provider, the local fallback) that is connected or configured and that the operator allows. A provider
 * the operator does not allow is never chosen, whatever is connected.
 */
final class ProviderRoutes {

    /** PIL-6's order, with the organization's own endpoint first. */
    static final List<AiProvider> DEFAULT_ORDER = List.of(AiProvider.ORG_ENDPOINT, AiProvider.ORG_KEY,
            AiProvider.SERVER_KEY, AiProvider.LOCAL);

    /**
     * Where a request goes: the provider, its API, the URL, the credential egress attaches, the model.
     *
     * @param label the connection's name, or null
     * @param who   for error messages: "the organization's key", "the server's endpoint"…
     */
    record Route(AiProvider provider, ModelApi api, URI endpoint, CredentialUse credential, String model, String label,
                 String who) {}

    private final ModelKeys keys;
    private final ChoiceRepository choices;
    private final AiSettings settings;
    private final AnthropicMessages anthropic;
    private final OpenAiChat openai;
    private final BedrockMessages bedrock;
    private final VertexMessages vertex;

    ProviderRoutes(ModelKeys keys, ChoiceRepository choices, AiSettings settings, AnthropicMessages anthropic,
                   OpenAiChat openai, BedrockMessages bedrock, VertexMessages vertex) {
        this.bedrock = bedrock;
        this.vertex = vertex;
        this.keys = keys;
        this.choices = choices;
        this.settings = settings;
        this.anthropic = anthropic;
        this.openai = openai;
    }

    List<AiProvider> order(OrgId org) {
        return choices.find(org).map(ChoiceRepository.Stored::order).orElse(DEFAULT_ORDER);
    }

    String endpointModel(OrgId org) {
        return choices.find(org).map(ChoiceRepository.Stored::endpointModel).orElse(settings.openai().model());
    }

    /** The route of the organization's next request. */
    Route choose(OrgId org) {
        for (AiProvider p : order(org)) {
            if (settings.allows(p)) {
                Optional<Route> r = route(org, p);
                if (r.isPresent()) {
                    return r.get();
                }
            }
        }
        return local();
    }

    /** Every provider in the organization's order, then those it left out, each with where its data goes. */
    List<AiChoice> describe(OrgId org) {
        List<AiProvider> order = order(org);
        List<AiProvider> all = new ArrayList<>(order);
        DEFAULT_ORDER.stream().filter(p -> !all.contains(p)).forEach(all::add);
        List<AiChoice> out = new ArrayList<>();
        for (AiProvider p : all) {
            Optional<Route> r = route(org, p);
            out.add(new AiChoice(p, order.indexOf(p) + 1, settings.allows(p), r.isPresent(),
                    r.map(Route::label).orElse(null), destination(p, r.orElse(null))));
        }
        return out;
    }

    boolean serverConfigured() {
        return settings.effectiveServerProvider() != null;
    }

    private Optional<Route> route(OrgId org, AiProvider p) {
        return switch (p) {
            case ORG_ENDPOINT -> keys.orgEndpoint(org).map(e -> new Route(p, openai, openai.endpoint(e.baseUrl()),
                    e.credential(), endpointModel(org), e.label(), "the organization's endpoint"));
            case ORG_KEY -> keys.orgKey(org).map(k -> k.vertex() != null
                    ? new Route(p, vertex, vertex.endpoint(k.vertex().base(), k.vertex().project(), k.vertex().region(),
                    k.vertex().model()), k.credential(), k.vertex().model(), k.label(), "the organization's service account")
                    : k.bedrockBase() != null
                    ? new Route(p, bedrock, bedrock.endpoint(k.bedrockBase()), k.credential(), settings.bedrock().model(),
                    k.label(), "the organization's AWS key")
                    : new Route(p, anthropic, settings.anthropic().messagesUrl(), k.credential(),
                    settings.anthropic().model(), k.label(), "the organization's key"));
            case SERVER_KEY -> serverRoute();
            case LOCAL -> Optional.of(local());
        };
    }

    private Optional<Route> serverRoute() {
        AiSettings.ServerProvider server = settings.effectiveServerProvider();
        if (server == AiSettings.ServerProvider.OPENAI_COMPATIBLE) {
            return Optional.of(new Route(AiProvider.SERVER_KEY, openai, openai.endpoint(settings.openai().baseUrl()),
                    AiEgress.openAiServerKeyUse(settings), settings.openai().model(), null, "the server's endpoint"));
        }
        if (server == AiSettings.ServerProvider.ANTHROPIC) {
            return Optional.of(new Route(AiProvider.SERVER_KEY, anthropic, settings.anthropic().messagesUrl(),
                    AiEgress.serverKeyUse(settings), settings.anthropic().model(), null, "the server's key"));
        }
        return Optional.empty();
    }

    private static Route local() {
        return new Route(AiProvider.LOCAL, null, null, null, null, null, "the local fallback");
    }

    /** Where the instruction and the data go with this provider, and who can read them there (docs/ai.md). */
    private String destination(AiProvider p, Route r) {
        return switch (p) {
            case ORG_ENDPOINT -> r == null
                    ? "Your own model server, once you connect an OpenAI-compatible endpoint on the Connections page."
                    : "Your model server at " + r.endpoint().getHost() + " and nowhere else; whoever runs that server "
                    + "can read what is sent.";
            case ORG_KEY -> r != null && r.api() == vertex
                    ? "Google Vertex AI at " + r.endpoint().getHost() + ", in your organization's Google Cloud project; "
                    + "Anthropic does not receive it, Google processes it as your Google Cloud agreement says."
                    : r != null && r.api() == bedrock
                    ? "Amazon Bedrock at " + r.endpoint().getHost() + ", under your organization's AWS account; "
                    + "Anthropic does not receive it, AWS processes it as your AWS agreement says."
                    : "Anthropic's API at " + settings.anthropic().messagesUrl().getHost() + ", under your "
                    + "organization's Anthropic account" + (r == null ? " (connect a key on the Connections page)" : "")
                    + "; Anthropic can read what is sent, as your agreement with Anthropic says.";
            case SERVER_KEY -> {
                AiSettings.ServerProvider server = settings.effectiveServerProvider();
                if (server == AiSettings.ServerProvider.OPENAI_COMPATIBLE) {
                    yield "The model server this Charter's operator runs at " + settings.openai().baseUrl().getHost()
                            + "; the operator can read what is sent, no model maker receives it.";
                }
                if (server == AiSettings.ServerProvider.ANTHROPIC) {
                    yield "Anthropic's API at " + settings.anthropic().messagesUrl().getHost() + ", under the operator's "
                            + "account; Anthropic can read what is sent, as the operator's agreement with Anthropic says.";
                }
                yield "The operator configured no model for this server.";
            }
            case LOCAL -> "Nowhere: Charter's local fallback runs on this server and nothing leaves it.";
        };
    }
}
