package dev.charter.identity;

import dev.charter.shared.UserId;
import java.util.List;
import java.util.Optional;

/**
 * The server's operators: accounts the person running the Charter server named on the admin command line. An
 * operator signs in like everyone else, with their own account in their own organization; being an operator grants
 * nothing in any other organization by itself. It only lets an organization's admin name the account in a support
 * grant (PRF-12), and every such access checks {@link #isOperator} again.
 */
public interface ServerOperators {

    record Operator(UserId id, String email, String displayName) {}

    boolean isOperator(UserId user);

    /** The operator with this email address (any case), if that account is an operator. */
    Optional<Operator> byEmail(String email);

    List<Operator> list();

    /**
     * Makes the account with this email an operator (the admin command line). Audited without an organization, by
     * the operator of the server. Throws {@link dev.charter.shared.NotFoundException} for an unknown address.
     *
     * @return false when it was one already
     */
    boolean add(String email);

    /** Ends the account's operator role at once, and with it every support access it had. False when it had none. */
    boolean remove(String email);
}
