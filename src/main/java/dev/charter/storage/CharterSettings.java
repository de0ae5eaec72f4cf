package dev.charter.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by the whole application.
 *
 * @param dataDir         folder for the embedded database and generated keys ({@code CHARTER_DATA_DIR})
 * @param maxPayloadBytes the largest request body Charter reads, whatever the route: JSON, forms, uploads, a
 *                        delivery, a Pilot's sample payload or a manual run's input ({@code CHARTER_MAX_PAYLOAD_BYTES})
 */
@ConfigurationProperties("charter")
public record CharterSettings(@DefaultValue("./data") Path dataDir, @DefaultValue("262144") int maxPayloadBytes) {

    @ConstructorBinding
    public CharterSettings {
        if (maxPayloadBytes < 1024) {
            throw new IllegalArgumentException("charter.max-payload-bytes must be at least 1024");
        }
    }

    /** The defaults but for the data folder. */
    public CharterSettings(Path dataDir) {
        this(dataDir, 262144);
    }
}
