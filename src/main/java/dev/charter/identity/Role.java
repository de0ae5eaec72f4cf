package dev.charter.identity;

/** What a member may do in their organization. */
public enum Role {
    /** Everything, including deleting the organization and handing ownership over. */
    OWNER,
    /** Manages members, invitations, connections and settings. */
    ADMIN,
    /** Uses the products. */
    MEMBER;

    public boolean atLeast(Role other) {
        return ordinal() <= other.ordinal();
    }
}
