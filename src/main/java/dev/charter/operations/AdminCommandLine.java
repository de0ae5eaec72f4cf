package dev.charter.operations;

import dev.charter.audit.AuditBundleCommand;
import dev.charter.audit.AuditChain;
import dev.charter.audit.AuditVerification;
import dev.charter.identity.IdentityRecords;
import dev.charter.storage.DatabaseTarget;
import dev.charter.vault.MasterKeyRotation;
import dev.charter.vault.RotationProgress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The admin command line: {@code java -jar charter.jar <command>}. Each command that needs the database
 * starts Charter without its web server, job workers or scheduled tasks, on the database the usual
 * settings name, does its work with progress on standard output, and exits: 0 done, 1 the check found
 * damage, 2 wrong usage or failure (with a message that says what to do). docs/operations.md.
 */
public final class AdminCommandLine {

    private record Command(String usage, String help, boolean needsContext, Function<Run, Integer> body) {}

    /** One run of a command: its arguments, where it reports, and the application it may start. */
    record Run(List<String> args, PrintStream out, ConfigurableApplicationContext context) {
        <T> T bean(Class<T> type) {
            return context.getBean(type);
        }
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("backup", new Command("backup", "Back up the whole database now into an encrypted file in the backup folder.",
                true, AdminCommandLine::backup));
        COMMANDS.put("backups list", new Command("backups list", "List the backups in the backup folder, newest first, with when each expires.",
                true, AdminCommandLine::listBackups));
        COMMANDS.put("restore", new Command("restore FILE --yes",
                "Replace everything in the database with the backup FILE, then erase again whatever was erased after it was made. "
                        + "Stop every Charter node using this database first.", true, AdminCommandLine::restore));
        COMMANDS.put("audit verify", new Command("audit verify",
                "Recompute the whole audit hash chain and check the signed checkpoints; print every problem.", true,
                AdminCommandLine::auditVerify));
        COMMANDS.put("audit verify-bundle", new Command("audit verify-bundle FILE [--audit-key=KEY]",
                "Verify an exported audit bundle offline, without a database.", false, AdminCommandLine::verifyBundle));
        COMMANDS.put("keys rotate", new Command("keys rotate",
                "Add a vault master key version and re-encrypt every stored credential's key under it; prints progress.",
                true, AdminCommandLine::rotateKeys));
        COMMANDS.put("erase organization", new Command("erase organization ID --confirm=NAME [--receipt=FILE]",
                "Erase an organization and every member's account at once (as its owner's erasure does) and save the signed "
                        + "erasure receipt.", true, OrganizationCommands::erase));
        COMMANDS.put("export organization", new Command("export organization ID [--out=FILE]",
                "Write everything Charter holds about an organization and its members to a JSON file (charter.export/v1).",
                true, OrganizationCommands::export));
        COMMANDS.put("operators add", new Command("operators add EMAIL",
                "Make an existing account a server operator, whom an organization's admin may give a support grant.", true,
                OperatorCommands::add));
        COMMANDS.put("operators remove", new Command("operators remove EMAIL",
                "End an account's server-operator role and every support access it has, at once.", true,
                OperatorCommands::remove));
        COMMANDS.put("operators list", new Command("operators list", "List the server operators.", true,
                OperatorCommands::list));
        COMMANDS.put("keys show-public", new Command("keys show-public",
                "Print the public key that signs audit checkpoints, for --audit-key and for people to compare.", true,
                AdminCommandLine::showPublicKey));
    }

    private AdminCommandLine() {}

    /** True when {@code args} start with a command word (or ask for help). */
    public static boolean wants(String[] args) {
        if (args.length == 0) {
            return false;
        }
        String first = args[0];
        return first.equals("help") || first.equals("--help") || COMMANDS.keySet().stream().anyMatch(c -> c.split(" ")[0].equals(first));
    }

    /** Runs the command; answers the exit status. {@code application} is the Spring Boot application class to start. */
    public static int run(String[] args, Class<?> application, PrintStream out) {
        return run(args, application, out, new String[0]);
    }

    /** The same, with settings for the started application as {@code --key=value} arguments (tests point it at their database). */
    public static int run(String[] args, Class<?> application, PrintStream out, String[] settings) {
        List<String> words = Arrays.asList(args);
        if (words.isEmpty() || words.get(0).equals("help") || words.get(0).equals("--help")) {
            usage(out);
            return 0;
        }
        String name = null;
        for (String c : COMMANDS.keySet()) {
            String[] parts = c.split(" ");
            if (words.size() >= parts.length && words.subList(0, parts.length).equals(List.of(parts))) {
                name = c;
            }
        }
        if (name == null) {
            out.println("Unknown command: " + String.join(" ", words) + "\n");
            usage(out);
            return 2;
        }
        Command command = COMMANDS.get(name);
        List<String> rest = new ArrayList<>(words.subList(name.split(" ").length, words.size()));
        if (rest.contains("--help")) {
            out.println("java -jar charter.jar " + command.usage() + "\n\n" + command.help());
            return 0;
        }
        if (!command.needsContext()) {
            return command.body().apply(new Run(rest, out, null));
        }
        out.println("Starting Charter without its web server (the database, keys and settings as for a normal start)...");
        // the web application context is built (the security configuration needs it) but no port is opened
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.SERVLET)
                .properties(Map.of(
                        "server.port", "-1",
                        "charter.jobs.enabled", "false",
                        "charter.scheduling.enabled", "false",
                        "spring.main.banner-mode", "off",
                        "logging.level.root", "WARN",
                        "logging.level.dev.charter", "WARN"))
                .run(settings)) {
            return command.body().apply(new Run(rest, out, context));
        } catch (RuntimeException e) {
            out.println("Failed: " + rootMessage(e));
            return 2;
        }
    }

    private static void usage(PrintStream out) {
        out.println("Charter's admin command line. Usage: java -jar charter.jar <command> [--help]\n");
        for (Command c : COMMANDS.values()) {
            out.printf("  %-44s %s%n", c.usage(), c.help());
        }
        out.println("\nWithout a command, Charter starts its server. docs/operations.md explains each command.");
    }

    private static int backup(Run run) {
        BackupInfo b = run.bean(Backups.class).backUp(step -> run.out().println("  " + step));
        run.out().printf("Backup written: %s (%,d bytes, %d tables, %,d rows). It expires %s.%n",
                b.fileName(), b.sizeBytes(), b.tables(), b.rows(), b.expiresAt());
        return 0;
    }

    private static int listBackups(Run run) {
        List<BackupInfo> all = run.bean(Backups.class).list();
        if (all.isEmpty()) {
            run.out().println("No backups yet. Make one with: java -jar charter.jar backup");
            return 0;
        }
        run.out().printf("%-48s %-22s %-22s %14s%n", "file", "made", "expires", "bytes");
        for (BackupInfo b : all) {
            run.out().printf("%-48s %-22s %-22s %,14d%n", b.fileName(), b.createdAt(), b.expiresAt(), b.sizeBytes());
        }
        return 0;
    }

    private static int restore(Run run) {
        List<String> files = run.args().stream().filter(a -> !a.startsWith("--")).toList();
        if (files.size() != 1) {
            run.out().println("Usage: java -jar charter.jar restore FILE --yes");
            return 2;
        }
        if (!run.args().contains("--yes")) {
            run.out().println("A restore replaces everything in the database with the backup. Stop every Charter node that uses "
                    + "this database, then run again with --yes.");
            return 2;
        }
        Backups backups = run.bean(Backups.class);
        RestoreReport r = backups.restore(Path.of(files.get(0)), run.bean(DatabaseTarget.class), step -> run.out().println("  " + step));
        run.out().printf("Restored the backup made %s: %d tables, %,d rows (schema %s, migrated forward).%n",
                r.backupCreatedAt(), r.tables(), r.rows(), r.schemaVersion());
        IdentityRecords.ReplayedErasures e = backups.replayErasures();
        run.out().printf("Erased again from the erasure journal: %d organization(s), %d account(s).%n", e.organizations(), e.accounts());
        return 0;
    }

    private static int auditVerify(Run run) {
        run.out().println("Verifying the audit hash chain...");
        AuditVerification v = run.bean(AuditChain.class).verify();
        if (v.intact()) {
            run.out().printf("Intact: %,d rows checked (%d to %d), %d signed checkpoints matched, signed up to row %d.%n",
                    v.rowsChecked(), v.firstId(), v.lastId(), v.checkpointsChecked(), v.lastSignedId());
            return 0;
        }
        run.out().printf("DAMAGED: %d problem(s) in %,d rows checked.%n", v.problemsFound(), v.rowsChecked());
        for (AuditVerification.Problem p : v.problems()) {
            run.out().printf("  row %-10d %-20s %s%n", p.rowId(), p.kind(), p.message());
        }
        if (v.problemsNotListed() > 0) {
            run.out().printf("  ... and %d more.%n", v.problemsNotListed());
        }
        return 1;
    }

    private static int verifyBundle(Run run) {
        List<String> args = new ArrayList<>();
        for (String a : run.args()) {
            args.add(a.startsWith("--") ? a : "--audit-verify=" + a);
        }
        return AuditBundleCommand.run(args.toArray(String[]::new), run.out());
    }

    private static int rotateKeys(Run run) {
        MasterKeyRotation rotation = run.bean(MasterKeyRotation.class);
        RotationProgress p = rotation.rotate();
        run.out().println("New master key version " + p.targetVersion() + "; re-encrypting " + p.total() + " credential(s)...");
        int shown = -1;
        while ("RUNNING".equals(p.state())) {
            if (p.percent() != shown) {
                shown = p.percent();
                run.out().printf("  %d%% (%d of %d)%n", p.percent(), p.done(), p.total());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                run.out().println("Interrupted: the rotation goes on at the next start of Charter.");
                return 2;
            }
            p = rotation.progress();
        }
        if (!"FINISHED".equals(p.state())) {
            run.out().println("The rotation stopped (" + p.state() + (p.lastError() == null ? "" : ": " + p.lastError())
                    + "). It resumes at the next start of Charter.");
            return 2;
        }
        run.out().printf("Done: every credential is wrapped by key version %s. Back up the key file (or key set) now.%n",
                p.currentVersion());
        return 0;
    }

    private static int showPublicKey(Run run) {
        AuditChain.SigningKey k = run.bean(AuditChain.class).signingKey();
        run.out().println("Audit checkpoint key " + k.keyId());
        run.out().println("Fingerprint: " + k.fingerprint());
        run.out().println("Public key (--audit-key=): " + k.x509Base64());
        return 0;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
