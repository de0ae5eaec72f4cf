package dev.charter.identity;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.List;

/**
 * The current members of an organization, for modules that must recognise people by id (the
 * audit trail maps its pseudonyms back to current members and shows everyone else as a former
 * member).
 */
public interface Members {

    record Member(UserId id, String email, String displayName) {}

    List<Member> of(OrgId org);
}
