package dev.charter.perfcases.internal;

import dev.charter.perfcases.LogGrant;
import dev.charter.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The only SQL Charter sends to a log store (PRF-3): a count, percentiles or a distribution of one granted view,
 * grouped by granted columns. It has no way to express a selected column: every output column is either a group-by
 * column of the grant or an aggregate. Identifiers are checked against both the grant and the view's columns as the
 * source's catalog lists them (columns the role may not read are not listed), then quoted.
 */
final class SqlAggregateQuery {

    enum Measure { COUNT, PERCENTILES, DISTRIBUTION }

    static final int MAX_GROUPS = 1000;
    static final int MAX_GROUP_BY = 3;
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Set<String> NUMERIC = Set.of("smallint", "integer", "bigint", "numeric", "real", "double precision");

    /** The catalog query for a view's columns (column name, data type), with the schema and view as parameters. */
    static final String CATALOG = "select column_name, data_type from information_schema.columns "
            + "where table_schema = ? and table_name = ? order by ordinal_position";

    private final String sql;
    private final List<String> groupBy;
    private final Measure measure;
    private final List<Double> buckets;

    private SqlAggregateQuery(String sql, List<String> groupBy, Measure measure, List<Double> buckets) {
        this.sql = sql;
        this.groupBy = groupBy;
        this.measure = measure;
        this.buckets = buckets;
    }

    /** {@code schema.view} split in two, each part a plain lower-case identifier; refuses anything else. */
    static String[] viewName(String name) {
        String[] parts = name == null ? new String[0] : name.split("\\.", -1);
        if (parts.length != 2 || !IDENTIFIER.matcher(parts[0]).matches() || !IDENTIFIER.matcher(parts[1]).matches()) {
            throw new InvalidInputException(Map.of("view", "Name a view as schema.view, in lower-case letters, digits and _."));
        }
        return parts;
    }

    /**
     * Builds the query, or refuses (as a whole) with the field that is wrong.
     *
     * @param catalog the view's readable columns and their data types, from {@link #CATALOG}
     */
    static SqlAggregateQuery build(LogGrant.View grant, Map<String, String> catalog, List<String> groupBy, String measure,
                                   String column, List<Double> buckets) {
        Map<String, String> errors = new LinkedHashMap<>();
        String[] view = viewName(grant.name());
        if (catalog.isEmpty()) {
            throw new InvalidInputException(Map.of("view", "The source lists no column of " + grant.name()
                    + " that Charter's role may read: grant it SELECT on the view."));
        }
        List<String> by = groupBy == null ? List.of() : groupBy.stream().map(g -> g == null ? "" : g.strip()).toList();
        if (by.size() > MAX_GROUP_BY || by.stream().distinct().count() != by.size()) {
            errors.put("groupBy", "Group by up to " + MAX_GROUP_BY + " different columns.");
        }
        for (String g : by) {
            if (!grant.groupBy().contains(g) || !catalog.containsKey(g)) {
                errors.put("groupBy", "Only the grant's group-by columns of " + grant.name() + " can be grouped by: "
                        + grant.groupBy().stream().filter(catalog::containsKey).toList() + ".");
            }
        }
        Measure m = null;
        try {
            m = Measure.valueOf(measure == null ? "" : measure.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.put("measure", "Choose COUNT, PERCENTILES or DISTRIBUTION.");
        }
        String col = column == null ? null : column.strip();
        if (m != null && m != Measure.COUNT) {
            if (col == null || !grant.measures().contains(col) || !NUMERIC.contains(catalog.getOrDefault(col, ""))) {
                errors.put("column", "Take percentiles and distributions only of the grant's numeric columns of "
                        + grant.name() + ": " + grant.measures().stream().filter(c -> NUMERIC.contains(catalog.getOrDefault(c, ""))).toList() + ".");
            } else if (by.contains(col)) {
                errors.put("column", "A measured column cannot also be grouped by.");
            }
        }
        List<Double> bounds = buckets == null ? List.of() : List.copyOf(buckets);
        if (m == Measure.DISTRIBUTION && (bounds.isEmpty() || bounds.size() > 50 || !ascendingFinite(bounds))) {
            errors.put("buckets", "Give 1 to 50 ascending, finite bucket bounds.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        List<String> select = new ArrayList<>(by.stream().map(SqlAggregateQuery::quote).toList());
        List<String> group = new ArrayList<>(select);
        String x = col == null ? null : quote(col);
        switch (m) {
            case COUNT -> select.add("count(*) as \"count\"");
            case PERCENTILES -> {
                select.add("count(" + x + ") as \"count\"");
                select.add("percentile_cont(0.5) within group (order by " + x + ") as \"p50\"");
                select.add("percentile_cont(0.95) within group (order by " + x + ") as \"p95\"");
                select.add("percentile_cont(0.99) within group (order by " + x + ") as \"p99\"");
            }
            case DISTRIBUTION -> {
                String array = bounds.stream().map(SqlAggregateQuery::literal).collect(Collectors.joining(", "));
                select.add(0, "width_bucket(" + x + "::double precision, array[" + array + "]::double precision[]) as \"bucket\"");
                group.add(0, "\"bucket\"");
                select.add("count(*) as \"count\"");
            }
        }
        StringBuilder sql = new StringBuilder("select ").append(String.join(", ", select))
                .append(" from ").append(quote(view[0])).append('.').append(quote(view[1]));
        if (m == Measure.DISTRIBUTION) {
            sql.append(" where ").append(x).append(" is not null");
        }
        if (!group.isEmpty()) {
            sql.append(" group by ").append(String.join(", ", group)).append(" order by ").append(String.join(", ", group));
        }
        sql.append(" limit ").append(MAX_GROUPS);
        return new SqlAggregateQuery(sql.toString(), by, m, bounds);
    }

    String sql() {
        return sql;
    }

    List<String> groupBy() {
        return groupBy;
    }

    Measure measure() {
        return measure;
    }

    /** The label of bucket {@code i} as {@code width_bucket} numbers it: 0 below the first bound, n at or above the last. */
    String bucketLabel(long i) {
        if (i <= 0) {
            return "< " + literal(buckets.get(0));
        }
        if (i >= buckets.size()) {
            return ">= " + literal(buckets.get(buckets.size() - 1));
        }
        return "[" + literal(buckets.get((int) i - 1)) + ", " + literal(buckets.get((int) i)) + ")";
    }

    /** A double-quoted identifier; only ever given names that passed {@link #IDENTIFIER} or the catalog. */
    static String quote(String identifier) {
        if (!IDENTIFIER.matcher(identifier).matches()) {
            throw new InvalidInputException(Map.of("groupBy", "Column names are lower-case letters, digits and _."));
        }
        return '"' + identifier + '"';
    }

    private static String literal(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static boolean ascendingFinite(List<Double> bounds) {
        for (int i = 0; i < bounds.size(); i++) {
            Double b = bounds.get(i);
            if (b == null || !Double.isFinite(b) || (i > 0 && b <= bounds.get(i - 1))) {
                return false;
            }
        }
        return true;
    }
}
