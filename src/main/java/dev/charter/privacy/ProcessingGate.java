package dev.charter.privacy;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;

/**
 * Asked by every product before it processes a person's data (DSR-3). A person who restricted
 * processing or objected to it is not processed for any purpose; a person who opted out of
 * analytics is not counted. Serving the person's own requests (sign-in, export, erasure) is not
 * processing in this sense and needs no gate.
 */
public interface ProcessingGate {

    /** First-party usage analytics (DSR-4). */
    String ANALYTICS = "analytics";

    boolean mayProcess(OrgId org, UserId person, String purpose);
}
