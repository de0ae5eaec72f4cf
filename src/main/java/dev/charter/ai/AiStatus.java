package dev.charter.ai;

import java.util.List;

/**
 * How the AI gateway stands for one organization, for its admins.
 *
 * @param provider         the provider the next request would use
 * @param orgKeyLabel      the name of the connection holding the organization's key or endpoint that answers, or null
 * @param serverKey        whether the operator configured a server provider
 * @param model            the model the next remote request asks for (the server's Anthropic model otherwise)
 * @param dailyTokenBudget model tokens the organization may spend per day (UTC) on every remote provider together,
 *                         0 for no limit
 * @param tokensToday      model tokens spent today
 * @param order            the organization's order of providers (the default when it set none)
 * @param choices          every provider, in that order, with where its data goes
 * @param endpointModel    the model the organization's own endpoint is asked for
 */
public record AiStatus(AiProvider provider, String orgKeyLabel, boolean serverKey, String model, long dailyTokenBudget,
                       long tokensToday, List<AiProvider> order, List<AiChoice> choices, String endpointModel) {}
