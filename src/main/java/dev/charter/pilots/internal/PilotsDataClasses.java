package dev.charter.pilots.internal;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionRule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What Pilots store, for the data-class registry (RET-1). */
@Configuration(proxyBeanMethods = false)
class PilotsDataClasses {

    @Bean
    DataClasses pilotsDeclarations() {
        return DataClasses.of("pilots",
                DataClass.of("pilots.pilots", "pilots_pilot")
                        .columns("id", "org_id", "owner_id", "title", "description", "enabled", "trigger_kind", "cron", "time_zone",
                                "next_run_at", "secret_nonce", "steps", "sample_payload", "created_at", "updated_at", "verification",
                                "signing_secret_id")
                        .holds("A person's automations: title, description, trigger, schedule, how deliveries are verified "
                                + "(the sender's signing secret itself is in the vault), steps and a sample payload")
                        .purpose("Running the automations their owner configured")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileAccountActive())
                        .exported(true).erased(true).products("Pilots").org("org_id").person("owner_id").build(),
                DataClass.of("pilots.runs", "pilots_run")
                        .columns("id", "org_id", "pilot_id", "status", "trigger", "payload", "error", "created_at", "started_at",
                                "finished_at", "caller_run_id", "call_chain")
                        .holds("Run history: the trigger payload, status and error of each run, and for a run another "
                                + "Pilot called, the calling run and the Pilots above it")
                        .purpose("Showing the owner what their automation did")
                        .basis(LegalBasis.CONTRACT)
                        .retention(new RetentionRule.NewestPerKey(100, "pilot_id", "created_at", "Pilot"))
                        .exported(true).erased(true).products("Pilots").org("org_id").build(),
                DataClass.of("pilots.step-runs", "pilots_step_run")
                        .columns("run_id", "org_id", "position", "name", "kind", "status", "input", "output", "error", "started_at",
                                "finished_at")
                        .holds("Each step of a run: its input, output and error")
                        .purpose("Showing the owner what each step did")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WithParent("pilots_run", "run_id"))
                        .exported(true).erased(true).products("Pilots").org("org_id").build(),
                DataClass.of("pilots.delivery-keys", "pilots_delivery_key")
                        .columns("org_id", "pilot_id", "key_hash", "payload_hash", "run_id", "created_at", "expires_at")
                        .holds("For each delivery that came with an idempotency key: a SHA-256 of the key and of the body, "
                                + "and the run it started")
                        .purpose("Answering a sender's retry of a delivery with the first delivery's run instead of a second run")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.UntilExpiry("expires_at"))
                        .exported(false).erased(true).products("Pilots").org("org_id").build());
    }
}
