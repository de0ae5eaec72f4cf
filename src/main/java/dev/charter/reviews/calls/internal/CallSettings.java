package dev.charter.reviews.calls.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An organization's call-analysis settings: whether it is on (and the attestation that turned it on), its own email
 * domains for the internal-meeting rule, and the connections and webhook secrets of its call providers.
 *
 * @param zoomSecretId     the Zoom app's webhook secret token, in the vault (purpose {@link CallSettingsRepository#SECRET_PURPOSE})
 * @param aircallTokenId   the Aircall webhook's token, in the vault
 */
public record CallSettings(boolean enabled, String attestationVersion, String attestationSha256, UUID enabledBy,
                           Instant enabledAt, UUID disabledBy, Instant disabledAt, List<String> internalDomains,
                           UUID zoomConnectionId, UUID zoomSecretId, UUID aircallConnectionId, UUID aircallTokenId,
                           UUID teamsConnectionId) {

    public static final CallSettings OFF = new CallSettings(false, null, null, null, null, null, null, List.of(), null,
            null, null, null, null);

    public CallSettings {
        internalDomains = internalDomains == null ? List.of() : List.copyOf(internalDomains);
    }
}
