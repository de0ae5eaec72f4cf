package dev.charter.privacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The start-up rule that keeps the export as complete as the data contract says (DSR-1): every data class
 * declared as exported is named by exactly one {@link PersonalDataExporter}, and an exporter names only
 * declared, exported classes. A product that declares exported data without an exporter stops the
 * application at start-up instead of silently leaving its data out of every export.
 */
public final class ExportCoverage {

    private ExportCoverage() {}

    /** Every way the exporters and the declarations disagree, in words; empty when they agree. */
    public static List<String> problems(List<DataClass> declared, List<PersonalDataExporter> exporters) {
        Map<String, DataClass> byName = new HashMap<>();
        declared.forEach(c -> byName.put(c.name(), c));
        Map<String, String> exportedBy = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (PersonalDataExporter e : exporters) {
            for (String name : new TreeSet<>(e.dataClasses())) {
                DataClass c = byName.get(name);
                if (c == null) {
                    problems.add("exporter of section " + e.section() + " names data class " + name
                            + ", which no module declares");
                    continue;
                }
                if (!c.exported()) {
                    problems.add("exporter of section " + e.section() + " exports data class " + name
                            + ", which is declared as not exported; declare it exported(true) so the contract says so");
                }
                String previous = exportedBy.putIfAbsent(name, e.section());
                if (previous != null) {
                    problems.add("data class " + name + " is exported by two sections (" + previous + " and "
                            + e.section() + "); export each kind of data once");
                }
            }
        }
        declared.stream().filter(DataClass::exported).map(DataClass::name).sorted()
                .filter(name -> !exportedBy.containsKey(name))
                .forEach(name -> problems.add("data class " + name + " (module " + byName.get(name).module()
                        + ") is declared as exported, but no PersonalDataExporter names it; the module must contribute one"));
        return problems;
    }

    /** Throws at start-up when {@link #problems} finds any. */
    public static void require(List<DataClass> declared, List<PersonalDataExporter> exporters) {
        List<String> problems = problems(declared, exporters);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The data export does not match the data contract: " + String.join("; ", problems));
        }
    }
}
