package dev.charter.privacy;

import java.util.List;

/**
 * The data classes one module declares. Each module contributes one bean of this type; the
 * registry collects them all, and the build fails when the database holds a table or column
 * that no declaration covers.
 */
public record DataClasses(String module, List<DataClass> classes) {
    public DataClasses {
        classes = List.copyOf(classes);
    }

    public static DataClasses of(String module, DataClass... classes) {
        return new DataClasses(module, List.of(classes));
    }
}
