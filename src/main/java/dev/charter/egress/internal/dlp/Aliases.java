package dev.charter.egress.internal.dlp;

import dev.charter.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Non-reversible aliases for secrets DLP replaces: {@code [secret:<kind>:<12 hex>]}, where the hex is an
 * HMAC-SHA256 of the secret under a key derived for the organization from the server's alias key. The same secret
 * gets the same alias within one organization (so people can tell two mentions apart or together) and a different
 * one in every other organization; without the server key nobody can test a guess against an alias.
 */
public final class Aliases {

    private final byte[] serverKey;
    private final Map<OrgId, byte[]> orgKeys = new ConcurrentHashMap<>();

    public Aliases(byte[] serverKey) {
        if (serverKey.length < 32) {
            throw new IllegalArgumentException("the alias key must hold at least 32 bytes");
        }
        this.serverKey = serverKey.clone();
    }

    public String alias(OrgId org, String kind, String secret) {
        byte[] orgKey = orgKeys.computeIfAbsent(org,
                o -> hmac(serverKey, ("charter/egress/dlp-alias/" + o.value()).getBytes(StandardCharsets.UTF_8)));
        byte[] mac = hmac(orgKey, secret.getBytes(StandardCharsets.ISO_8859_1));
        return "[secret:" + kind + ":" + HexFormat.of().formatHex(mac, 0, 6) + "]";
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
