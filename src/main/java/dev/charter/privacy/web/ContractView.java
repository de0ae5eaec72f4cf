package dev.charter.privacy.web;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataContract;
import dev.charter.privacy.RetentionRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The data contract as the page and the JSON API show it, generated from the registry (RET-1). */
record ContractView(String schema, List<String> commitments, List<Entry> dataClasses) {

    record Entry(String name, String module, String table, List<String> columns, String holds, String purpose,
                 String legalBasis, String legalBasisExplanation, String retention, Map<String, Object> retentionRule,
                 boolean exported, String erasedWith, List<String> products) {}

    static ContractView of(DataContract contract) {
        return new ContractView("charter.data-contract/v1", contract.commitments(),
                contract.dataClasses().stream().map(ContractView::entry).toList());
    }

    private static Entry entry(DataClass c) {
        String erasedWith = !c.erased() ? "kept (" + c.retention().describe() + ")"
                : c.retention() instanceof RetentionRule.WhileOrganizationActive || c.personColumn() == null
                ? "the organization" : "the account";
        return new Entry(c.name(), c.module(), c.table(), c.columns(), c.holds(), c.purpose(), c.legalBasis().name(),
                c.legalBasis().explanation(), c.retention().describe(), rule(c.retention()), c.exported(), erasedWith,
                c.products());
    }

    private static Map<String, Object> rule(RetentionRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", r.getClass().getSimpleName());
        if (r instanceof RetentionRule.MaxAge x) {
            m.put("period", x.maxAge().toString());
            m.put("column", x.timestampColumn());
        } else if (r instanceof RetentionRule.AfterFinished x) {
            m.put("period", x.keep().toString());
            m.put("column", x.finishedColumn());
        } else if (r instanceof RetentionRule.NewestPerKey x) {
            m.put("keep", x.keep());
            m.put("per", x.keyColumn());
            m.put("orderedBy", x.orderColumn());
        } else if (r instanceof RetentionRule.WithParent x) {
            m.put("parent", x.parentTable());
            m.put("column", x.column());
        } else if (r instanceof RetentionRule.UntilExpiry x) {
            m.put("column", x.expiresColumn());
        } else if (r instanceof RetentionRule.OrganizationChoice x) {
            m.put("defaultDays", x.defaultDays());
            m.put("minDays", x.minDays());
            m.put("maxDays", x.maxDays());
            m.put("column", x.timestampColumn());
        } else if (r instanceof RetentionRule.LegalMinimum x) {
            m.put("minimum", x.minimum().toString());
            m.put("column", x.timestampColumn());
        }
        return m;
    }
}
