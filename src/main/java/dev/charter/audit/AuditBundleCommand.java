package dev.charter.audit;

import dev.charter.audit.internal.AuditBundle;
import dev.charter.audit.internal.AuditKeys;
import dev.charter.audit.internal.BundleVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline verifier, run as {@code java -jar charter.jar --audit-verify=bundle.json
 * [--audit-key=<base64 X.509 public key>]}: recomputes the chain of an export bundle and checks
 * its signed checkpoints without a database or a running server. Exit status 0 intact,
 * 1 damaged, 2 unreadable or wrong usage. Starts no Spring context.
 */
public final class AuditBundleCommand {

    static final String VERIFY = "--audit-verify=";
    static final String KEY = "--audit-key=";

    private AuditBundleCommand() {}

    public static boolean wants(String[] args) {
        for (String a : args) {
            if (a.startsWith(VERIFY)) {
                return true;
            }
        }
        return false;
    }

    /** Runs the command, writing its report to {@code out}; answers the exit status. */
    public static int run(String[] args, PrintStream out) {
        String file = null;
        Map<String, PublicKey> trusted = new LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith(VERIFY)) {
                file = a.substring(VERIFY.length());
            } else if (a.startsWith(KEY)) {
                try {
                    PublicKey k = AuditKeys.publicKeyFromBase64(a.substring(KEY.length()).strip());
                    trusted.put(AuditKeys.keyIdOf(k), k);
                } catch (IllegalArgumentException e) {
                    out.println("The value of --audit-key is not a base64 X.509 Ed25519 public key. "
                            + "Copy it from the audit verification page of your Charter server.");
                    return 2;
                }
            }
        }
        if (file == null || file.isBlank()) {
            out.println("Usage: java -jar charter.jar --audit-verify=bundle.json [--audit-key=<base64 public key>]");
            return 2;
        }
        if (!Files.isReadable(Path.of(file))) {
            out.println("Cannot read " + file + ": no such file, or not readable.");
            return 2;
        }
        AuditBundle bundle;
        try {
            bundle = JsonMapper.builder().build().readValue(Files.readString(Path.of(file)), AuditBundle.class);
        } catch (IOException | JacksonException e) {
            out.println("Could not read " + file + " as a Charter audit bundle: " + e.getMessage());
            return 2;
        }
        AuditVerification v;
        try {
            v = BundleVerifier.verify(bundle, trusted);
        } catch (IllegalArgumentException e) {
            out.println("Could not read " + file + " as a Charter audit bundle: " + e.getMessage());
            return 2;
        }
        report(bundle, trusted, v, out);
        return v.intact() ? 0 : 1;
    }

    private static void report(AuditBundle bundle, Map<String, PublicKey> trusted, AuditVerification v, PrintStream out) {
        out.println("Charter audit bundle " + (bundle.organization() == null ? "" : "of organization " + bundle.organization()
                + " ") + "exported " + bundle.exportedAt());
        out.println("Rows " + v.firstId() + " to " + v.lastId() + " (" + v.rowsChecked() + " rows), "
                + v.checkpointsChecked() + " signed checkpoint(s) matched.");
        Map<String, PublicKey> keys = trusted.isEmpty() ? BundleVerifier.bundleKeys(bundle) : trusted;
        for (var k : keys.entrySet()) {
            out.println("Signing key " + k.getKey() + " fingerprint " + AuditKeys.fingerprintOf(k.getValue())
                    + (trusted.isEmpty() ? " (taken from the bundle: compare it with the fingerprint your server shows)"
                    : " (given with --audit-key)"));
        }
        if (v.intact()) {
            out.println("INTACT: every row links to the one before it and matches its hash"
                    + (v.lastSignedId() > 0 ? "; signed up to row " + v.lastSignedId() : "; no checkpoint signs this range yet")
                    + (v.lastSignedId() > 0 && v.lastSignedId() < v.lastId()
                    ? ", rows after it are linked but not signed yet." : "."));
        } else {
            out.println("DAMAGED: first failing row " + v.firstFailingRowId());
            for (AuditVerification.Problem p : v.problems()) {
                out.println("  row " + p.rowId() + " " + p.kind() + ": " + p.message());
            }
        }
    }
}
