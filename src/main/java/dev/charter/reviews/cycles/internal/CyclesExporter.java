package dev.charter.reviews.cycles.internal;

import dev.charter.privacy.PersonalDataExporter;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code reviews-cycles} export section (DSR-1): identity links, cycles and reviews. A person's own export holds
 * their identity links and the reviews they are the reviewee or the reviewer of, with those reviews' cycles.
 */
@Component
class CyclesExporter implements PersonalDataExporter {

    private static final String LINKS = """
            select source, identity, user_id::text as user_id, confirmed_by::text as confirmed_by,
                   confirmed_at::text as confirmed_at from reviews_identity_link where org_id = ?""";
    private static final String CYCLES = """
            select id::text as id, name, period_start::text as period_start, period_end::text as period_end,
                   created_by::text as created_by, created_at::text as created_at from reviews_cycle where org_id = ?""";
    private static final String REVIEWS = """
            select id::text as id, cycle_id::text as cycle_id, reviewee_id::text as reviewee_id,
                   reviewer_id::text as reviewer_id, status, draft::text as draft, draft_provider,
                   drafted_at::text as drafted_at, excluded::text as excluded, finalized_by::text as finalized_by,
                   finalized_at::text as finalized_at, updated_at::text as updated_at from reviews_review where org_id = ?""";

    private final JdbcClient jdbc;

    CyclesExporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String section() {
        return "reviews-cycles";
    }

    @Override
    public Set<String> dataClasses() {
        return Set.of("reviews.identity-links", "reviews.cycles", "reviews.reviews");
    }

    @Override
    public Object exportPerson(OrgId org, UserId person) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identityLinks", rows(LINKS + " and user_id = ? order by source, identity", org, person));
        out.put("reviews", rows(REVIEWS + " and (reviewee_id = ? or reviewer_id = ?) order by updated_at, id", org, person, person));
        out.put("cycles", rows(CYCLES + " and id in (select cycle_id from reviews_review where org_id = ?"
                + " and (reviewee_id = ? or reviewer_id = ?)) order by period_start, id", org, org, person, person));
        return out;
    }

    @Override
    public Object exportOrganization(OrgId org) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identityLinks", rows(LINKS + " order by source, identity", org));
        out.put("cycles", rows(CYCLES + " order by period_start, id", org));
        out.put("reviews", rows(REVIEWS + " order by cycle_id, updated_at, id", org));
        return out;
    }

    private List<Map<String, Object>> rows(String sql, OrgId org, Object... more) {
        Object[] params = new Object[more.length + 1];
        params[0] = org.value();
        for (int i = 0; i < more.length; i++) {
            params[i + 1] = more[i] instanceof UserId u ? u.value() : more[i] instanceof OrgId o ? o.value() : more[i];
        }
        return jdbc.sql(sql).params(params).query().listOfRows();
    }
}
