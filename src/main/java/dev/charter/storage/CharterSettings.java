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
 *                        delivery, a Pilot's sample payload or a manual run's input ({@code CHARTER_MAX_PAYLOAD_BYTES}),
 *                        but a file upload
 * @param maxUploadBytes  the largest body of a route that takes a file ({@link dev.charter.shared.UploadRoutes}), such
 *                        as a profile recording ({@code CHARTER_MAX_UPLOAD_BYTES}); at least {@code maxPayloadBytes}
 */
@ConfigurationProperties("charter")
public record CharterSettings(@DefaultValue("./data") Path dataDir, @DefaultValue("262144") int maxPayloadBytes,
                              @DefaultValue("16777216") int maxUploadBytes) {

    @ConstructorBinding
    public CharterSettings {
        if (maxPayloadBytes < 1024) {
            throw new IllegalArgumentException("charter.max-payload-bytes must be at least 1024");
        }
        if (maxUploadBytes < maxPayloadBytes) {
            throw new IllegalArgumentException("charter.max-upload-bytes must be at least charter.max-payload-bytes");
        }
    }

    /** The defaults but for the data folder. */
    public CharterSettings(Path dataDir) {
        this(dataDir, 262144, 16777216);
    }
}
