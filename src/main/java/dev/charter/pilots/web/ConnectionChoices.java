package dev.charter.pilots.web;

import dev.charter.connectors.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The organization's usable connections as the step editor offers them: a connection field lists those of the
 * kinds it accepts, by name (a step refers to its connection by name).
 */
record ConnectionChoices(List<Connection> usable) {

    /** One entry of a connection picker. */
    record Choice(String label, String kindTitle) {}

    static ConnectionChoices of(List<Connection> all) {
        return new ConnectionChoices(all.stream().filter(Connection::usable).toList());
    }

    /** The connections of these kinds, one entry per name, in the order they are listed. */
    public List<Choice> offered(List<String> kinds) {
        Map<String, Choice> byLabel = new LinkedHashMap<>();
        for (Connection c : usable) {
            if (kinds.contains(c.kind().name())) {
                byLabel.putIfAbsent(c.label(), new Choice(c.label(), c.kind().title()));
            }
        }
        return List.copyOf(byLabel.values());
    }

    /** True when {@code label} names a connection of one of these kinds. */
    public boolean offers(List<String> kinds, String label) {
        return offered(kinds).stream().anyMatch(c -> c.label().equals(label));
    }
}
