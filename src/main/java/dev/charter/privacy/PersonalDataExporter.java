package dev.charter.privacy;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;

/**
 * A module's part of a data export (DSR-1). Every module that stores data about people declares a
 * bean; the export calls each one and puts its answer under {@code sections.<section()>} of the
 * {@code charter.export/v1} document (see docs/data-export-schema.md). Answers are plain maps,
 * lists, strings, numbers, booleans and instants; never a secret, hash or ciphertext.
 */
public interface PersonalDataExporter {

    /** The section name: the module's name. */
    String section();

    /** Everything the module holds about the person. */
    Object exportPerson(OrgId org, UserId person);

    /** What the module holds about the organization as a whole (asked only for an owner's export); null for nothing. */
    default Object exportOrganization(OrgId org) {
        return null;
    }
}
