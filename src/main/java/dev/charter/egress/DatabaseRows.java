package dev.charter.egress;

import java.util.List;

/**
 * What a {@link DatabaseGateway} query read: the column labels and the rows, each value a {@code String},
 * {@code Long}, {@code Double}, {@code Boolean}, a {@code List} of numbers (for array results) or null.
 */
public record DatabaseRows(List<String> columns, List<List<Object>> rows) {

    public DatabaseRows {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
    }
}
