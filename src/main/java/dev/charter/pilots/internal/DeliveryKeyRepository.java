package dev.charter.pilots.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of deliveries' idempotency keys. Like {@link RunRepository#insertAll}, it works on a group of deliveries
 * from any organizations at once; every row carries its organization, and the organization is part of the key.
 */
@Repository
class DeliveryKeyRepository {

    /** One key of one Pilot; {@code keyHash} is hex. */
    record KeyId(UUID org, UUID pilot, String keyHash) {}

    /** A key to claim for a run that is about to be stored; hashes are hex. */
    record NewKey(KeyId id, String payloadHash, UUID run) {}

    /** A key already held, and the run it answers with. */
    record HeldKey(String payloadHash, UUID run) {}

    private static final Comparator<NewKey> ORDER = Comparator.comparing((NewKey k) -> k.id().org())
            .thenComparing(k -> k.id().pilot()).thenComparing(k -> k.id().keyHash());

    private final JdbcClient jdbc;

    DeliveryKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims each key that no live row holds: a new one, or one whose row has expired (which is replaced). A key
     * another transaction is claiming at the same moment waits for that transaction and is then not claimed.
     *
     * @param keys distinct keys
     * @return the keys claimed; the others are held by a live row that {@link #held} reads
     */
    Set<KeyId> claim(List<NewKey> keys, Instant now, Instant expires) {
        // one order for every group, so two groups that share keys never wait for each other crosswise
        List<NewKey> sorted = keys.stream().sorted(ORDER).toList();
        int n = sorted.size();
        String[] org = new String[n], pilot = new String[n], key = new String[n], payload = new String[n], run = new String[n];
        for (int i = 0; i < n; i++) {
            NewKey k = sorted.get(i);
            org[i] = k.id().org().toString();
            pilot[i] = k.id().pilot().toString();
            key[i] = k.id().keyHash();
            payload[i] = k.payloadHash();
            run[i] = k.run().toString();
        }
        return new HashSet<>(jdbc.sql("""
                insert into pilots_delivery_key (org_id, pilot_id, key_hash, payload_hash, run_id, created_at, expires_at)
                select org_id, pilot_id, decode(key_hash, 'hex'), decode(payload_hash, 'hex'), run_id, ?, ?
                from unnest(cast(? as uuid[]), cast(? as uuid[]), cast(? as text[]), cast(? as text[]), cast(? as uuid[]))
                     with ordinality as k (org_id, pilot_id, key_hash, payload_hash, run_id, n)
                order by n
                on conflict (org_id, pilot_id, key_hash) do update
                    set payload_hash = excluded.payload_hash, run_id = excluded.run_id,
                        created_at = excluded.created_at, expires_at = excluded.expires_at
                    where pilots_delivery_key.expires_at <= excluded.created_at
                returning org_id, pilot_id, encode(key_hash, 'hex')""")
                .params(Timestamp.from(now), Timestamp.from(expires), org, pilot, key, payload, run)
                .query((rs, i) -> new KeyId(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)))
                .list());
    }

    /** The live rows of these keys. */
    Map<KeyId, HeldKey> held(List<KeyId> keys) {
        int n = keys.size();
        String[] org = new String[n], pilot = new String[n], key = new String[n];
        for (int i = 0; i < n; i++) {
            org[i] = keys.get(i).org().toString();
            pilot[i] = keys.get(i).pilot().toString();
            key[i] = keys.get(i).keyHash();
        }
        Map<KeyId, HeldKey> held = new HashMap<>();
        jdbc.sql("""
                select d.org_id, d.pilot_id, encode(d.key_hash, 'hex'), encode(d.payload_hash, 'hex'), d.run_id
                from pilots_delivery_key d
                join unnest(cast(? as uuid[]), cast(? as uuid[]), cast(? as text[])) as k (org_id, pilot_id, key_hash)
                  on d.org_id = k.org_id and d.pilot_id = k.pilot_id and d.key_hash = decode(k.key_hash, 'hex')""")
                .params(org, pilot, key)
                .query((rs, i) -> Map.entry(new KeyId(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)),
                        new HeldKey(rs.getString(4), rs.getObject(5, UUID.class))))
                .list().forEach(e -> held.put(e.getKey(), e.getValue()));
        return held;
    }
}
