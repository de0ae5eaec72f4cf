package dev.charter.ai.internal;

import dev.charter.ai.AiProvider;
import dev.charter.shared.OrgId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code ai_provider_choice}: one row per organization that set its own order of providers. */
@Repository
class ChoiceRepository {

    /** An organization's choice as stored. */
    record Stored(List<AiProvider> order, String endpointModel) {}

    private final JdbcClient jdbc;

    ChoiceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> find(OrgId org) {
        return jdbc.sql("select provider_order, endpoint_model from ai_provider_choice where org_id = ?")
                .param(org.value())
                .query((rs, i) -> new Stored(Arrays.stream(rs.getString("provider_order").split(","))
                        .map(AiProvider::valueOf).toList(), rs.getString("endpoint_model")))
                .optional();
    }

    void save(OrgId org, List<AiProvider> order, String endpointModel, Instant at) {
        jdbc.sql("""
                insert into ai_provider_choice (org_id, provider_order, endpoint_model, updated_at) values (?, ?, ?, ?)
                on conflict (org_id) do update set provider_order = excluded.provider_order,
                    endpoint_model = excluded.endpoint_model, updated_at = excluded.updated_at""")
                .params(org.value(), order.stream().map(Enum::name).collect(Collectors.joining(",")), endpointModel,
                        Timestamp.from(at))
                .update();
    }
}
