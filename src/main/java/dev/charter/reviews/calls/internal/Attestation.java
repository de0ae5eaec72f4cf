package dev.charter.reviews.calls.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The consent attestation an admin gives to turn call analysis on (REV-4): what is attested, and its version. A new
 * wording gets a new version; the audit log keeps the text, the version and its SHA-256 of every attestation given.
 */
public final class Attestation {

    public static final String VERSION = "calls-2026-12-v1";

    public static final String TEXT = "On behalf of this organization I attest that: the people on the customer calls "
            + "and meetings it connects have been told, as the law that applies to them requires, that the transcripts "
            + "their phone or meeting provider produces are analysed to support performance reviews; the organization has "
            + "a lawful basis for this analysis and has asked its staff's representatives where it must; only transcripts "
            + "the provider already produced are read, never audio or video; meetings with no external attendee are "
            + "skipped; and any call can be deleted on request.";

    private Attestation() {}

    public static String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TEXT.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
