package dev.charter.audit;

import dev.charter.shared.OrgId;
import java.util.Collection;
import java.util.Map;

/**
 * Pages of the objects audit events name ({@code pilot:<id>}), for the audit log to link them. A module that
 * has pages for some kinds of object implements this; the audit log links only what an implementation answers.
 */
public interface AuditObjectLinks {

    /**
     * The address of the page of each of {@code targets} that exists and belongs to {@code org}. Targets of kinds
     * this module does not know, objects that are gone and another organization's objects are left out.
     */
    Map<String, String> links(OrgId org, Collection<String> targets);

    /** The id in a target of {@code kind} ({@code pilot:1b4e…} gives {@code 1b4e…}), or null for another kind or no UUID. */
    static java.util.UUID idOf(String target, String kind) {
        if (target == null || !target.startsWith(kind + ":")) {
            return null;
        }
        String id = target.substring(kind.length() + 1);
        if (!id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return null;
        }
        return java.util.UUID.fromString(id);
    }
}
