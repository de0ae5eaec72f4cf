package dev.charter.privacy;

import dev.charter.shared.OrgId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** An organization's billing records, kept 7 years (RET-3). */
public interface BillingRecords {

    record BillingRecord(UUID id, LocalDate periodStart, LocalDate periodEnd, String plan, long amountCents,
                         String currency, Instant createdAt) {}

    BillingRecord record(OrgId org, LocalDate periodStart, LocalDate periodEnd, String plan, long amountCents,
                         String currency);

    List<BillingRecord> list(OrgId org);
}
