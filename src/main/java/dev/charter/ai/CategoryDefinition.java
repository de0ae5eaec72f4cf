package dev.charter.ai;

import java.util.List;
import java.util.Objects;

/**
 * One of an organization's own categories, as a classifier compares a text with it.
 *
 * @param name        the category's name, returned as the classification's value
 * @param description what belongs in it, in the organization's words
 * @param examples    example phrases of texts that belong in it
 */
public record CategoryDefinition(String name, String description, List<String> examples) {

    public CategoryDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        examples = examples == null ? List.of() : List.copyOf(examples);
    }
}
