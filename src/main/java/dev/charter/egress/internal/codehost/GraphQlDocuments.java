package dev.charter.egress.internal.codehost;

import graphql.language.Argument;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import java.util.Map;
import java.util.Set;

/**
 * A GraphQL request to the code host, judged on its parsed document (graphql-java's parser), never on its text:
 * no mutation or subscription at all (pull requests are created and updated over REST, where their fields can be
 * checked), and at the top of a query only {@code repository} naming the case's repository, {@code rateLimit} or
 * {@code __typename}.
 */
public final class GraphQlDocuments {

    private static final Set<String> QUERY_FIELDS = Set.of("repository", "rateLimit", "__typename");

    private GraphQlDocuments() {}

    /** Null when allowed, else why not. */
    public static String refusal(String query, Map<String, Object> variables, String owner, String repo) {
        Document doc;
        try {
            doc = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            return "the GraphQL document does not parse";
        }
        for (Definition<?> d : doc.getDefinitions()) {
            if (d instanceof FragmentDefinition) {
                continue; // fragments are only reachable below a checked top-level field
            }
            if (!(d instanceof OperationDefinition op)) {
                return "the GraphQL document defines something other than operations";
            }
            if (op.getOperation() != OperationDefinition.Operation.QUERY) {
                String fields = op.getSelectionSet().getSelections().stream()
                        .map(s -> s instanceof Field f ? f.getName() : "(fragment)").toList().toString();
                return "GraphQL " + op.getOperation().name().toLowerCase() + " " + fields + " is refused: over GraphQL the "
                        + "session may only read; merging, approving, marking ready for review and auto-merge are the "
                        + "customer's, and the case's pull request is opened and edited over REST";
            }
            for (Selection<?> s : op.getSelectionSet().getSelections()) {
                if (!(s instanceof Field f)) {
                    return "a GraphQL query may not use fragments at its top level";
                }
                if (!QUERY_FIELDS.contains(f.getName())) {
                    return "GraphQL query field '" + f.getName() + "' is refused: only the case's repository may be read";
                }
                if (f.getName().equals("repository")) {
                    String o = argument(f, "owner", variables);
                    String n = argument(f, "name", variables);
                    if (!owner.equalsIgnoreCase(String.valueOf(o)) || !repo.equalsIgnoreCase(String.valueOf(n))) {
                        return "GraphQL reads only of the case's repository " + owner + "/" + repo;
                    }
                }
            }
        }
        return null;
    }

    private static String argument(Field f, String name, Map<String, Object> variables) {
        for (Argument a : f.getArguments()) {
            if (a.getName().equals(name)) {
                Value<?> v = a.getValue();
                if (v instanceof StringValue s) {
                    return s.getValue();
                }
                if (v instanceof VariableReference ref && variables != null && variables.get(ref.getName()) instanceof String s) {
                    return s;
                }
                return null;
            }
        }
        return null;
    }
}
