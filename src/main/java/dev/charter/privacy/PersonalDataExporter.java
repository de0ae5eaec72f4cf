package dev.charter.privacy;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.Set;

/**
 * A module's part of a data export (DSR-1). Every module that stores data about people declares a
 * bean; the export calls each one and puts its answer under {@code sections.<section()>} of the
 * {@code charter.export/v1} document (see docs/data-export-schema.md). Answers are plain maps,
 * lists, strings, numbers, booleans and instants; never a secret, hash or ciphertext.
 *
 * <p>Each exporter names the data classes it exports ({@link #dataClasses()}). The application does
 * not start unless every data class the registry declares as exported is named by exactly one
 * exporter, and every class an exporter names is declared as exported ({@link ExportCoverage}):
 * a module that declares exported data brings its exporter with it.
 */
public interface PersonalDataExporter {

    /** The section name: the module's name. */
    String section();

    /** The names of the data classes (as declared in the registry) whose data this section holds. */
    Set<String> dataClasses();

    /** Everything the module holds about the person. */
    Object exportPerson(OrgId org, UserId person);

    /** What the module holds about the organization as a whole (asked only for an owner's export); null for nothing. */
    default Object exportOrganization(OrgId org) {
        return null;
    }
}
