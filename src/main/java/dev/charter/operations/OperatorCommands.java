package dev.charter.operations;

import dev.charter.identity.ServerOperators;
import dev.charter.shared.NotFoundException;
import java.util.List;

/**
 * The admin command line's {@code operators add EMAIL}, {@code operators remove EMAIL} and {@code operators list}:
 * who may be named in an organization's support grant (PRF-12). The account must exist; it signs in as usual.
 */
final class OperatorCommands {

    private OperatorCommands() {}

    static int add(AdminCommandLine.Run run) {
        return change(run, "operators add EMAIL", true);
    }

    static int remove(AdminCommandLine.Run run) {
        return change(run, "operators remove EMAIL", false);
    }

    static int list(AdminCommandLine.Run run) {
        List<ServerOperators.Operator> all = run.bean(ServerOperators.class).list();
        if (all.isEmpty()) {
            run.out().println("No server operators. Add one with: java -jar charter.jar operators add EMAIL");
        }
        all.forEach(o -> run.out().println(o.email() + "  " + o.id().value()));
        return 0;
    }

    private static int change(AdminCommandLine.Run run, String usage, boolean add) {
        List<String> emails = run.args().stream().filter(a -> !a.startsWith("--")).toList();
        if (emails.size() != 1 || !emails.get(0).contains("@")) {
            run.out().println("Usage: java -jar charter.jar " + usage);
            return 2;
        }
        String email = emails.get(0);
        ServerOperators operators = run.bean(ServerOperators.class);
        try {
            boolean changed = add ? operators.add(email) : operators.remove(email);
            run.out().println(add
                    ? (changed ? email + " is now a server operator: an organization's admin can name it in a support grant."
                               : email + " was a server operator already.")
                    : (changed ? email + " is no longer a server operator; every support access it had ended now."
                               : email + " was not a server operator."));
            return 0;
        } catch (NotFoundException e) {
            run.out().println("No account with the email " + email + " on this server. It must sign up first.");
            return 2;
        }
    }
}
