package dev.charter.egress;

/**
 * A rule a session's egress proxy applies to each request after the session's grants allowed it, such as the code
 * host's rules on pushes and pull requests. Rules look at the request only; they hold no credential.
 */
@FunctionalInterface
public interface ProxyRule {

    /** Null to let the request go on, else why it is refused (shown to the session and audited). */
    String refusal(ProxiedRequest request);

    /**
     * The credential to attach to a request the rules allowed, for example a code-host token minted for this one
     * request; null for none. Called only after every rule and grant allowed the request.
     */
    default CredentialUse credentialFor(ProxiedRequest request) {
        return null;
    }

    /** Told the status and body of each answer to a request this rule allowed (to learn, say, the pull request it opened). */
    default void answered(ProxiedRequest request, int status, byte[] body) {}

    /**
     * Told that the issuer of the credential this rule chose refused it (a GitHub App installation removed or
     * suspended): access through it has ended, and the rule should refuse from now on.
     */
    default void credentialRefused(ProxiedRequest request, String reason) {}
}
