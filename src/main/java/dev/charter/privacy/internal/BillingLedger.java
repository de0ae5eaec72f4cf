package dev.charter.privacy.internal;

import dev.charter.privacy.BillingRecords;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Billing records per organization, kept 7 years after their period ends (RET-3). */
@Service
class BillingLedger implements BillingRecords {

    private final JdbcClient jdbc;
    private final Clock clock;

    BillingLedger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public BillingRecord record(OrgId org, LocalDate periodStart, LocalDate periodEnd, String plan, long amountCents,
                                String currency) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (periodStart == null || periodEnd == null || periodEnd.isBefore(periodStart)) {
            errors.put("periodEnd", "The period must end on or after its start.");
        }
        if (plan == null || plan.isBlank() || plan.length() > 80) {
            errors.put("plan", "Name the plan (at most 80 characters).");
        }
        if (amountCents < 0) {
            errors.put("amountCents", "The amount cannot be negative.");
        }
        if (currency == null || !currency.matches("^[A-Z]{3}$")) {
            errors.put("currency", "Use a three-letter ISO 4217 code such as EUR.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        UUID id = UUID.randomUUID();
        var now = clock.instant();
        jdbc.sql("""
                insert into privacy_billing_record (id, org_id, period_start, period_end, plan, amount_cents, currency, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, org.value(), Date.valueOf(periodStart), Date.valueOf(periodEnd), plan.strip(), amountCents, currency,
                        Timestamp.from(now))
                .update();
        return new BillingRecord(id, periodStart, periodEnd, plan.strip(), amountCents, currency, now);
    }

    @Override
    public List<BillingRecord> list(OrgId org) {
        return jdbc.sql("""
                select id, period_start, period_end, plan, amount_cents, currency, created_at
                from privacy_billing_record where org_id = ? order by period_start desc""")
                .param(org.value()).query(BillingRecord.class).list();
    }
}
