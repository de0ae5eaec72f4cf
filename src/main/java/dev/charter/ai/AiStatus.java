package dev.charter.ai;

/**
 * How the AI gateway stands for one organization, for its admins.
 *
 * @param provider         the provider the next request would use
 * @param orgKeyLabel      the name of the connection holding the organization's key, or null
 * @param serverKey        whether the operator configured a server key
 * @param model            the model remote requests ask for
 * @param dailyTokenBudget model tokens the organization may spend per day (UTC), 0 for no limit
 * @param tokensToday      model tokens spent today
 */
public record AiStatus(AiProvider provider, String orgKeyLabel, boolean serverKey, String model, long dailyTokenBudget,
                       long tokensToday) {}
