package dev.charter.perfcases;

/**
 * What an admin gives to connect a GitHub App installation. Both secrets go into the vault and the arrays are zeroed.
 *
 * @param privateKey    the App's private key, the PEM file GitHub issues
 * @param webhookSecret the App's webhook secret, which signs its {@code installation} events
 */
public record NewCodeHost(String label, String apiBase, String gitBase, String appId, Long installationId, String account,
                          char[] privateKey, char[] webhookSecret) {}
