package dev.charter.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The documented environment variable names really reach the settings. */
class MasterKeySettingsTest {

    @Test
    void readsCharterMasterKeyAndCharterMasterKeyFileFromTheEnvironment() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("CHARTER_MASTER_KEY", "c2VjcmV0", "CHARTER_MASTER_KEY_FILE", "/srv/keys/master.key",
                                "CHARTER_VAULT_ROTATION_BATCH_SIZE", "7")));
        ConfigurationPropertySources.attach(env);
        Binder binder = Binder.get(env);
        MasterKeySettings keys = binder.bind("charter", MasterKeySettings.class).get();
        assertThat(keys.masterKey()).isEqualTo("c2VjcmV0");
        assertThat(keys.masterKeyFile()).isEqualTo(Path.of("/srv/keys/master.key"));
        assertThat(keys.toString()).doesNotContain("c2VjcmV0");
        assertThat(binder.bind("charter.vault", VaultSettings.class).get().rotationBatchSize()).isEqualTo(7);
    }
}
