package dev.charter.privacy.internal;

import dev.charter.identity.IdentityRecords;
import dev.charter.privacy.BillingRecords;
import dev.charter.privacy.Consents;
import dev.charter.privacy.PersonalDataExporter;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The export sections of identity (through its {@link IdentityRecords} façade, since identity cannot
 * depend on privacy) and of privacy itself. Other modules declare their own
 * {@link PersonalDataExporter} beans.
 */
@Configuration(proxyBeanMethods = false)
class KernelExporters {

    @Bean
    PersonalDataExporter identityExporter(IdentityRecords identity) {
        return new PersonalDataExporter() {
            public String section() {
                return "identity";
            }

            public Set<String> dataClasses() {
                return Set.of("identity.organizations", "identity.users", "identity.memberships", "identity.invitations",
                        "identity.sessions", "identity.api-tokens", "identity.server-operators");
            }

            public Object exportPerson(OrgId org, UserId person) {
                return identity.personalData(org, person);
            }

            public Object exportOrganization(OrgId org) {
                return identity.organizationData(org);
            }
        };
    }

    @Bean
    PersonalDataExporter privacyExporter(ProcessingChoices choices, Consents consents, ExportRepository exports,
                                         UsageCounter usage, BillingRecords billing) {
        return new PersonalDataExporter() {
            public String section() {
                return "privacy";
            }

            public Set<String> dataClasses() {
                return Set.of("privacy.usage-counts", "privacy.billing-records", "privacy.processing-restrictions",
                        "privacy.consents", "privacy.exports");
            }

            public Object exportPerson(OrgId org, UserId person) {
                var c = choices.choices(org, person);
                Map<String, Object> flags = new LinkedHashMap<>();
                flags.put("restricted", c.restricted());
                flags.put("restrictedAt", text(c.restrictedAt()));
                flags.put("objected", c.objected());
                flags.put("objectedAt", text(c.objectedAt()));
                flags.put("analyticsOptOut", c.analyticsOptOut());
                flags.put("analyticsOptOutAt", text(c.analyticsOptOutAt()));
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("processingChoices", flags);
                out.put("consentsGiven", consents.history(org).stream()
                        .filter(a -> person.value().equals(a.attestedBy()) || person.value().equals(a.withdrawnBy()))
                        .map(KernelExporters::consent).toList());
                out.put("exports", exports.list(org, person).stream().map(j -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", j.id().toString());
                    m.put("status", j.status());
                    m.put("includesOrganization", j.includeOrganization());
                    m.put("createdAt", text(j.createdAt()));
                    m.put("finishedAt", text(j.finishedAt()));
                    return m;
                }).toList());
                return out;
            }

            public Object exportOrganization(OrgId org) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("consents", consents.history(org).stream().map(KernelExporters::consent).toList());
                out.put("usageCounts", usage.counts(org, 366).stream().map(u -> Map.<String, Object>of(
                        "day", u.day().toString(), "kind", u.kind(), "name", u.name(), "count", u.count())).toList());
                out.put("billingRecords", billing.list(org).stream().map(b -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", b.id().toString());
                    m.put("periodStart", text(b.periodStart()));
                    m.put("periodEnd", text(b.periodEnd()));
                    m.put("plan", b.plan());
                    m.put("amountCents", b.amountCents());
                    m.put("currency", b.currency());
                    m.put("createdAt", text(b.createdAt()));
                    return m;
                }).toList());
                return out;
            }
        };
    }

    private static Map<String, Object> consent(Consents.Attestation a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id().toString());
        m.put("processing", a.processing());
        m.put("text", a.text());
        m.put("textSha256", a.textSha256());
        m.put("attestedBy", a.attestedBy() == null ? null : a.attestedBy().toString());
        m.put("attestedAt", text(a.attestedAt()));
        m.put("withdrawnBy", a.withdrawnBy() == null ? null : a.withdrawnBy().toString());
        m.put("withdrawnAt", text(a.withdrawnAt()));
        return m;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static String text(LocalDate d) {
        return d == null ? null : d.toString();
    }

}
