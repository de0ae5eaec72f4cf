package dev.charter.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EnvironmentMasterKeyTest {

    @Test
    void acceptsBase64Of32RawBytesWithAStableVersion() throws Exception {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String value = Base64.getEncoder().encodeToString(raw);
        EnvironmentMasterKey one = new EnvironmentMasterKey(value);
        EnvironmentMasterKey two = new EnvironmentMasterKey(" " + value + "\n");
        assertThat(one.currentVersion()).isEqualTo(two.currentVersion());
        byte[] ad = "ad".getBytes(StandardCharsets.UTF_8);
        byte[] ct = one.aead().encrypt("hello".getBytes(StandardCharsets.UTF_8), ad);
        assertThat(two.aead().decrypt(ct, ad)).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        assertThat(one.toString()).doesNotContain(value).contains("CHARTER_MASTER_KEY");
    }

    @Test
    void refusesAnythingElseWithoutEchoingIt() {
        for (String bad : new String[] {"c2hvcnQ=", "not base64 !!", "{\"not\":\"a keyset\"}"}) {
            assertThatThrownBy(() -> new EnvironmentMasterKey(bad))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("openssl rand -base64 32")
                    .hasMessageNotContaining(bad);
        }
    }
}
