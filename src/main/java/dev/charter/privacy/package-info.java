/**
 * Privacy: the data contract of Charter. Every kind of stored data is declared once, in code, as a
 * {@link dev.charter.privacy.DataClass} contributed by its module through a
 * {@link dev.charter.privacy.DataClasses} bean; the public data-contract page, the retention
 * sweeper, the organization erasure receipt and the build's schema check all read that one
 * registry. The module also carries the rights of the people in the data: export
 * ({@link dev.charter.privacy.PersonalDataExporter}), restriction and objection
 * ({@link dev.charter.privacy.ProcessingGate}), first-party analytics with opt-out
 * ({@link dev.charter.privacy.UsageEvents}), consent attestations ({@link dev.charter.privacy.Consents})
 * and billing records ({@link dev.charter.privacy.BillingRecords}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Privacy")
package dev.charter.privacy;
