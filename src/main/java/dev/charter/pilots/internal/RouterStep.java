package dev.charter.pilots.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Sends the run down one of several named paths: the first route whose JSONata expression is true (if / else if),
 * or {@code else} when none is. Steps whose path names this router and a route run only when it chose that route;
 * the others are recorded as skipped, and steps without a path run on every path (where the paths join).
 */
@Component
class RouterStep implements StepType {

    /** The route taken when no expression is true. */
    static final String ELSE = "else";
    static final int MAX_ROUTES = 10;
    static final Pattern ROUTE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    private final Expressions expressions;

    RouterStep(Expressions expressions) {
        this.expressions = expressions;
    }

    @Override
    public boolean pure() {
        return true;
    }

    @Override
    public String kind() {
        return "router";
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(kind(), "Router", "Send the run down the first route whose expression is true, else down "
                + "\"else\". Give a later step the path router.route to run it on that route only.",
                List.of(Field.of("routes", "Routes", "map", true,
                        "Route name → JSONata condition, tried in order; for example big → steps.shape.total > 100")));
    }

    /** The route names of a router's configuration, in order, and {@code else}. */
    static List<String> routes(JsonNode config) {
        List<String> names = new ArrayList<>();
        JsonNode routes = config == null ? null : config.get("routes");
        if (routes != null && routes.isObject()) {
            routes.propertyNames().stream().filter(n -> !n.equals(ELSE)).forEach(names::add);
        }
        names.add(ELSE);
        return names;
    }

    @Override
    public Map<String, String> validate(JsonNode config) {
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode routes = config == null ? null : config.get("routes");
        if (routes == null || !routes.isObject() || routes.isEmpty()) {
            errors.put("routes", "Give at least one route: a name and the condition that sends a run down it.");
            return errors;
        }
        if (routes.size() > MAX_ROUTES) {
            errors.put("routes", "A router has at most " + MAX_ROUTES + " routes besides else.");
        }
        for (var e : routes.properties()) {
            String name = e.getKey();
            if (!ROUTE.matcher(name).matches() || name.equals(ELSE)) {
                errors.put("routes." + name, "Name a route with a letter followed by letters, digits or _ (at most 40), "
                        + "not else (the route taken when no condition is true).");
                continue;
            }
            if (!e.getValue().isString() || e.getValue().asString().isBlank()) {
                errors.put("routes." + name, "Give the route's condition.");
                continue;
            }
            try {
                expressions.compile("routes." + name, e.getValue().asString());
            } catch (dev.charter.shared.InvalidInputException x) {
                errors.putAll(x.fieldErrors());
            }
        }
        return errors;
    }

    @Override
    public StepOutcome execute(StepContext context) {
        for (var e : context.config().get("routes").properties()) {
            var expression = expressions.compile("routes." + e.getKey(), e.getValue().asString());
            if (Boolean.TRUE.equals(expressions.evaluate(expression, context.data()))) {
                return StepOutcome.of(Map.of("route", e.getKey()));
            }
        }
        return StepOutcome.of(Map.of("route", ELSE));
    }
}
