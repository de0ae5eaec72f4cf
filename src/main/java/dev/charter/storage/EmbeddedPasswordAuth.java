package dev.charter.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password authentication for the embedded server. Each role's password is generated once and kept like the
 * other server keys ({@link KeyFiles}: owner-only files under {@code <data-dir>/keys/}). Before the server
 * starts, {@code pg_hba.conf} is rewritten to demand SCRAM-SHA-256 from every role on every path; when the
 * data folder is new, comes from an earlier version (which trusted every local connection), or the
 * superuser's password file is new, the superuser's password is first set in single-user mode, so the server
 * never accepts a connection without a password.
 */
final class EmbeddedPasswordAuth {

    /** The first line of the pg_hba.conf Charter writes; a file without it is replaced. */
    static final String HBA_MARKER = "# Charter: every role signs in with its password (SCRAM-SHA-256).";
    static final String HBA = HBA_MARKER + """

            # Rewritten at every start of the embedded server; changes made here are lost.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPasswordAuth.class);
    private static final int PASSWORD_BYTES = 24;

    private final Path keysDir;
    private final Path workingDirectory;
    private final boolean superuserPasswordIsNew;
    private final String superuserPassword;

    EmbeddedPasswordAuth(Path keysDir, Path workingDirectory) {
        this.keysDir = keysDir;
        this.workingDirectory = workingDirectory;
        this.superuserPasswordIsNew = !Files.exists(file("superuser"));
        this.superuserPassword = password(keysDir, "superuser");
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    String superuserPassword() {
        return superuserPassword;
    }

    /**
     * The password of one of Charter's roles ({@code superuser}, {@code owner}, {@code app}, {@code cleanup}): the
     * text of its file, so an operator can use it as it is ({@code PGPASSWORD=$(cat data/keys/database-owner.password)}).
     */
    static String password(Path keysDir, String role) {
        byte[] k = KeyFiles.readOrCreate(keysDir.resolve("database-" + role + ".password"), PASSWORD_BYTES,
                "embedded database " + role + " password", "CHARTER_DATABASE_URL (an external database)");
        return Base64.getEncoder().encodeToString(k);
    }

    /** A SCRAM-SHA-256 verifier of {@code password}: what PostgreSQL stores, so the password itself is never sent. */
    static String verifier(String password) {
        return PasswordUtil.encodeScramSha256(password.toCharArray());
    }

    private Path file(String role) {
        return keysDir.resolve("database-" + role + ".password");
    }

    /** Called with the data folder after initdb and before the server starts. */
    void secure(Path dataDir) {
        try {
            Path hba = dataDir.resolve("pg_hba.conf");
            boolean ours = Files.exists(hba) && Files.readString(hba).startsWith(HBA_MARKER);
            if (!ours || superuserPasswordIsNew) {
                if (!ours && !isFreshCluster(dataDir)) {
                    log.warn("Upgrading the embedded PostgreSQL in {}: it let every local connection in without a password; "
                            + "from now on every role signs in with a generated password kept in {}", dataDir, keysDir);
                }
                setSuperuserPassword(dataDir);
            }
            Path tmp = Files.createTempFile(dataDir, "pg_hba", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, HBA);
            Files.move(tmp, hba, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not set password authentication in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** initdb leaves no postmaster.opts; a cluster that ever ran has one. */
    private static boolean isFreshCluster(Path dataDir) {
        return !Files.exists(dataDir.resolve("postmaster.opts"));
    }

    /** Sets the superuser's password in single-user mode, before the server accepts any connection. */
    private void setSuperuserPassword(Path dataDir) throws IOException {
        Path postgres = postgresBinary(dataDir);
        List<String> command = new ArrayList<>();
        if (runsAsRoot()) {
            // PostgreSQL refuses to run as root; like the library, run it in a user namespace of its own
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(postgres.toString(), "--single", "-D", dataDir.toString(), "-c", "exit_on_error=on",
                EmbeddedPostgresServer.SUPERUSER));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String statement = "ALTER ROLE " + EmbeddedPostgresServer.SUPERUSER + " WITH PASSWORD '" + verifier(superuserPassword)
                + "';\n";
        try (var in = p.getOutputStream()) {
            in.write(statement.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("PostgreSQL in single-user mode did not finish setting the superuser's password");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting the embedded database's superuser password", e);
        }
        if (p.exitValue() != 0 || output.contains("ERROR") || output.contains("FATAL")) {
            // the output holds server messages only (the statement carries a verifier, and it is not echoed)
            throw new IllegalStateException("Could not set the embedded database's superuser password (exit " + p.exitValue()
                    + "). Is another PostgreSQL running on " + dataDir + "? " + output.strip());
        }
    }

    private static boolean runsAsRoot() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                && "root".equals(System.getProperty("user.name"));
    }

    /** The unpacked {@code postgres} binary of the data folder's major version. */
    private Path postgresBinary(Path dataDir) throws IOException {
        String major = Files.readString(dataDir.resolve("PG_VERSION")).trim();
        List<Path> candidates;
        try (Stream<Path> dirs = Files.list(workingDirectory)) {
            candidates = dirs.filter(d -> d.getFileName().toString().startsWith("PG-"))
                    .map(d -> d.resolve("bin").resolve("postgres")).filter(Files::isExecutable)
                    .sorted(Comparator.comparing(EmbeddedPasswordAuth::modified).reversed()).toList();
        }
        for (Path c : candidates) {
            if (majorVersion(c).equals(major)) {
                return c;
            }
        }
        throw new IllegalStateException("No unpacked PostgreSQL " + major + " under " + workingDirectory
                + " to set the embedded database's password with");
    }

    private static String majorVersion(Path postgres) {
        try {
            Process p = new ProcessBuilder(postgres.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            // "postgres (PostgreSQL) 17.6"
            String version = out.substring(out.lastIndexOf(' ') + 1);
            return version.contains(".") ? version.substring(0, version.indexOf('.')) : version;
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
