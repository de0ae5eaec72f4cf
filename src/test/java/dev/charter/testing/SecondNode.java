package dev.charter.testing;

import dev.charter.storage.DatabaseTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings for a second Charter started by a test on the database of the first: the URL and the three
 * roles. The embedded server listens on loopback without TLS, so there the URL asks for a plain
 * connection and the settings allow it (OPS-2 refuses it otherwise); an external test server (CI's
 * PostgreSQL 15) keeps its verified TLS.
 */
public final class SecondNode {

    private SecondNode() {}

    public static Map<String, String> databaseSettings(DatabaseTarget db) {
        Map<String, String> s = new LinkedHashMap<>();
        boolean plain = !db.url().contains("sslmode=");
        s.put("charter.database.url", plain ? db.url() + (db.url().contains("?") ? "&" : "?") + "sslmode=disable" : db.url());
        s.put("charter.database.user", db.appUser());
        s.put("charter.database.password", nullToEmpty(db.appPassword()));
        s.put("charter.database.migration-user", db.ownerUser());
        s.put("charter.database.migration-password", nullToEmpty(db.ownerPassword()));
        s.put("charter.database.cleanup-user", db.cleanupUser());
        s.put("charter.database.cleanup-password", nullToEmpty(db.cleanupPassword()));
        s.put("charter.database.embedded.isolated", "false");
        if (plain) {
            s.put("charter.database.tls.allow-plaintext", "true");
        }
        return s;
    }

    /** The same settings as {@code --key=value} command-line arguments (which win over the test profile). */
    public static List<String> databaseArgs(DatabaseTarget db) {
        return databaseSettings(db).entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
