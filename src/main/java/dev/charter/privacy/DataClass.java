package dev.charter.privacy;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One kind of data Charter stores, declared once by the module that owns it (RET-1).
 *
 * @param name         stable identifier, {@code <module>.<kind>} (for example {@code identity.users});
 *                     metrics and erasure receipts use it
 * @param module       owning module
 * @param table        the PostgreSQL table that holds it (schema public)
 * @param columns      every column of that table; the schema check fails on any column not listed
 * @param holds        what it holds, in words
 * @param purpose      why it is held, in words
 * @param legalBasis   the legal basis of holding it
 * @param retention    how long it is kept
 * @param exported     true when a person's or organization's export contains it
 * @param erased       true when deleting the account or organization removes it
 * @param products     the products that use it ({@code "all"} for the kernel)
 * @param orgColumn    the column naming the owning organization, or null (not tenant data)
 * @param personColumn the column naming the person the row is about, or null
 */
public record DataClass(String name, String module, String table, List<String> columns, String holds, String purpose,
                        LegalBasis legalBasis, RetentionRule retention, boolean exported, boolean erased,
                        List<String> products, String orgColumn, String personColumn) {

    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9]*\\.[a-z][a-z0-9-]*$");
    private static final Pattern IDENT = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

    public DataClass {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("data class name must look like module.kind: " + name);
        }
        ident(table);
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(name + ": declare the columns of " + table);
        }
        columns.forEach(DataClass::ident);
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(holds, "holds");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(legalBasis, "legalBasis");
        Objects.requireNonNull(retention, "retention");
        products = List.copyOf(products);
        if (orgColumn != null && !columns.contains(orgColumn)) {
            throw new IllegalArgumentException(name + ": orgColumn " + orgColumn + " is not among its columns");
        }
        if (personColumn != null && !columns.contains(personColumn)) {
            throw new IllegalArgumentException(name + ": personColumn " + personColumn + " is not among its columns");
        }
    }

    /** Starts a declaration of {@code name} stored in {@code table}. */
    public static Builder of(String name, String table) {
        return new Builder(name, table);
    }

    private static void ident(String s) {
        if (s == null || !IDENT.matcher(s).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + s);
        }
    }

    /** Readable declarations: {@code DataClass.of("identity.users", "identity_user").columns(...)...build()}. */
    public static final class Builder {
        private final String name;
        private final String table;
        private String module;
        private List<String> columns = List.of();
        private String holds;
        private String purpose;
        private LegalBasis legalBasis;
        private RetentionRule retention;
        private boolean exported;
        private boolean erased;
        private List<String> products = List.of("all");
        private String orgColumn;
        private String personColumn;

        private Builder(String name, String table) {
            this.name = name;
            this.table = table;
            this.module = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        }

        public Builder module(String m) { this.module = m; return this; }
        public Builder columns(String... c) { this.columns = List.of(c); return this; }
        public Builder holds(String h) { this.holds = h; return this; }
        public Builder purpose(String p) { this.purpose = p; return this; }
        public Builder basis(LegalBasis b) { this.legalBasis = b; return this; }
        public Builder retention(RetentionRule r) { this.retention = r; return this; }
        public Builder exported(boolean e) { this.exported = e; return this; }
        public Builder erased(boolean e) { this.erased = e; return this; }
        public Builder products(String... p) { this.products = List.of(p); return this; }
        public Builder org(String column) { this.orgColumn = column; return this; }
        public Builder person(String column) { this.personColumn = column; return this; }

        public DataClass build() {
            return new DataClass(name, module, table, columns, holds, purpose, legalBasis, retention, exported, erased,
                    products, orgColumn, personColumn);
        }
    }
}
