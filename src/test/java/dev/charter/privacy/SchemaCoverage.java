package dev.charter.privacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Compares the database (schema public) with the declared data classes, both ways. */
final class SchemaCoverage {

    private SchemaCoverage() {}

    static List<String> problems(JdbcClient owner, List<DataClass> declared) {
        Map<String, Set<String>> actual = new TreeMap<>();
        owner.sql("""
                select c.table_name, c.column_name from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = 'public' and t.table_type = 'BASE TABLE'""")
                .query((rs, i) -> actual.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2)))
                .list();
        Map<String, Set<String>> covered = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (DataClass c : declared) {
            covered.computeIfAbsent(c.table(), k -> new HashSet<>()).addAll(c.columns());
            Set<String> columns = actual.get(c.table());
            if (columns == null) {
                problems.add("data class " + c.name() + " names table " + c.table() + ", which does not exist");
                continue;
            }
            for (String col : c.columns()) {
                if (!columns.contains(col)) {
                    problems.add("data class " + c.name() + " names column " + c.table() + "." + col + ", which does not exist");
                }
            }
        }
        actual.forEach((table, columns) -> {
            Set<String> declaredColumns = covered.get(table);
            if (declaredColumns == null) {
                problems.add("table " + table + " is not declared by any data class; declare it in its module's DataClasses bean");
                return;
            }
            for (String col : columns) {
                if (!declaredColumns.contains(col)) {
                    problems.add("column " + table + "." + col + " is not declared by any data class of table " + table);
                }
            }
        });
        return problems;
    }
}
