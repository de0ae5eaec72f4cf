package dev.charter.egress;

import dev.charter.vault.SecretRef;

/**
 * The installation tokens egress keeps for GitHub Apps. They never leave egress; this only lets the owner of an
 * installation drop them the moment the installation is removed.
 */
public interface CodeHostTokens {

    /** Forgets every token minted for the installation with the App key {@code appKey}. */
    void forget(SecretRef appKey, long installationId);

    /** Forgets every token minted with the App key {@code appKey} (the App was disconnected). */
    void forgetAll(SecretRef appKey);
}
