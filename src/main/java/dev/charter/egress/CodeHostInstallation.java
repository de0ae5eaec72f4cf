package dev.charter.egress;

import dev.charter.vault.SecretRef;

/**
 * A GitHub App installation a case's session works through, as the code host's rules see it: the App's key (an
 * opaque reference; only egress decrypts it), and whether the installation still gives access. The owner of the
 * installation (Perf cases) answers {@link #active()} from its own records at every request, so removing the
 * installation ends access at once, on every node.
 */
public interface CodeHostInstallation {

    /** The App's private key in the vault. */
    SecretRef appKey();

    /** The App's id. */
    String appId();

    /** GitHub's id of the installation. */
    long installationId();

    /** False once the installation was removed (its webhook, an admin, or a refused mint): every request is refused. */
    boolean active();

    /** GitHub refused to mint a token for the installation (removed, suspended, key revoked): access ends now. */
    void ended(String reason);
}
