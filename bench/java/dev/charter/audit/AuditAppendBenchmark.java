package dev.charter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.shared.OrgId;
import dev.charter.testing.CharterTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Append throughput of the audit log: one writer, then four concurrent writers, each event in its
 * own transaction (advisory lock, read the tail, hash, insert, commit with fsync on). Tagged
 * {@code bench}, so the normal build skips it; run it with
 * {@code ./mvnw -q test -Pbench -Dtest=AuditAppendBenchmark}.
 * Results go to standard output (figures in BENCHMARKS.md).
 */
@CharterTest
@Tag("bench")
class AuditAppendBenchmark {

    static final int WARMUP = 500;
    static final int SINGLE = 3000;
    static final int PER_WRITER = 1500;
    static final int WRITERS = 4;

    @Autowired AuditLog audit;
    @Autowired AuditChain chain;

    @Test
    void appendThroughput() throws Exception {
        OrgId org = OrgId.random();
        write(org, WARMUP);

        long t0 = System.nanoTime();
        write(org, SINGLE);
        double single = SINGLE / ((System.nanoTime() - t0) / 1e9);

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            long t1 = System.nanoTime();
            for (int w = 0; w < WRITERS; w++) {
                done.add(pool.submit(() -> write(org, PER_WRITER)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double concurrent = WRITERS * PER_WRITER / ((System.nanoTime() - t1) / 1e9);
            long v0 = System.nanoTime();
            AuditVerification v = chain.verify();
            double verify = v.rowsChecked() / ((System.nanoTime() - v0) / 1e9);
            assertThat(v.intact()).isTrue();
            System.out.printf("%nAUDIT BENCH single writer: %.0f events/s (%d events)%n", single, SINGLE);
            System.out.printf("AUDIT BENCH %d writers: %.0f events/s (%d events)%n", WRITERS, concurrent, WRITERS * PER_WRITER);
            System.out.printf("AUDIT BENCH verification: %.0f rows/s (%d rows)%n%n", verify, v.rowsChecked());
        } finally {
            pool.shutdownNow();
        }
    }

    private void write(OrgId org, int n) {
        for (int i = 0; i < n; i++) {
            audit.record(AuditEvent.of(org, UUID.randomUUID(), "bench.audit.append", "bench:" + i).with("n", Integer.toString(i)));
        }
    }
}
