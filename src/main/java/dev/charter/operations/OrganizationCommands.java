package dev.charter.operations;

import dev.charter.privacy.OperatorRights;
import dev.charter.shared.OrgId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The admin command line's organization commands, {@code erase organization ID} and {@code export organization ID}:
 * the operator's way to the rights of data subjects for a whole organization ({@link OperatorRights}). Both write
 * their file (the receipt, the export) readable by its owner only, and never over an existing file.
 */
final class OrganizationCommands {

    private OrganizationCommands() {}

    static int erase(AdminCommandLine.Run run) {
        Optional<OrgId> id = organizationId(run, "erase organization ID --confirm=NAME [--receipt=FILE]");
        if (id.isEmpty()) {
            return 2;
        }
        OperatorRights rights = run.bean(OperatorRights.class);
        Optional<OperatorRights.OrganizationSummary> org = rights.describe(id.get());
        if (org.isEmpty()) {
            run.out().println("No organization " + id.get() + " on this server. Nothing was erased.");
            return 2;
        }
        String confirmation = option(run, "confirm");
        if (confirmation == null || !confirmation.strip().equalsIgnoreCase(org.get().name().strip())) {
            run.out().printf("Organization %s is \"%s\" with %d member(s). Erasing deletes it and every member's account at "
                    + "once and cannot be undone. To go on, run again with --confirm=\"%s\".%n",
                    id.get(), org.get().name(), org.get().members(), org.get().name());
            return 2;
        }
        Path receipt = Path.of(Objects.requireNonNullElse(option(run, "receipt"), "erasure-receipt-" + id.get() + ".json"));
        if (Files.exists(receipt)) {
            run.out().println("The receipt file " + receipt + " exists already; name another with --receipt=FILE. Nothing was erased.");
            return 2;
        }
        run.out().println("Erasing organization " + id.get() + "...");
        JsonNode r = rights.eraseOrganization(id.get(), confirmation);
        try {
            Files.write(privateFile(receipt), r.toPrettyString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            run.out().println("Erased, but the receipt could not be saved (" + e.getMessage() + "). The receipt:");
            run.out().println(r.toPrettyString());
            return 2;
        }
        run.out().printf("Erased: %s account(s) deleted; the signed receipt is in %s. Journal: a restore erases it again.%n",
                r.path("accountsDeleted").asString(), receipt);
        return 0;
    }

    static int export(AdminCommandLine.Run run) {
        Optional<OrgId> id = organizationId(run, "export organization ID [--out=FILE]");
        if (id.isEmpty()) {
            return 2;
        }
        OperatorRights rights = run.bean(OperatorRights.class);
        if (rights.describe(id.get()).isEmpty()) {
            run.out().println("No organization " + id.get() + " on this server.");
            return 2;
        }
        Path file = Path.of(Objects.requireNonNullElse(option(run, "out"), "charter-export-" + id.get() + ".json"));
        if (Files.exists(file)) {
            run.out().println("The file " + file + " exists already; name another with --out=FILE.");
            return 2;
        }
        run.out().println("Exporting organization " + id.get() + " to " + file + "...");
        int members;
        try (OutputStream out = Files.newOutputStream(privateFile(file))) {
            members = rights.exportOrganization(id.get(), out, step -> run.out().println("  " + step));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            run.out().println("Failed: " + AdminCommandLine.rootMessage(e) + ". No export file was left behind.");
            return 2;
        }
        run.out().printf("Exported %d member(s) to %s. It holds personal data: keep it as safe as the database.%n", members, file);
        return 0;
    }

    /** The one ID argument as an organization id; prints the usage and answers empty otherwise. */
    private static Optional<OrgId> organizationId(AdminCommandLine.Run run, String usage) {
        List<String> ids = run.args().stream().filter(a -> !a.startsWith("--")).toList();
        if (ids.size() != 1) {
            run.out().println("Usage: java -jar charter.jar " + usage);
            return Optional.empty();
        }
        try {
            return Optional.of(new OrgId(UUID.fromString(ids.get(0))));
        } catch (IllegalArgumentException e) {
            run.out().println("Not an organization id: " + ids.get(0) + ". It is the UUID the admin page and the audit log show.");
            return Optional.empty();
        }
    }

    private static String option(AdminCommandLine.Run run, String name) {
        String prefix = "--" + name + "=";
        return run.args().stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst().orElse(null);
    }

    /** Creates the file readable by its owner only (where the file system has POSIX permissions). */
    private static Path privateFile(Path file) throws IOException {
        try {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createFile(file);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the message already says the export failed
        }
    }
}
