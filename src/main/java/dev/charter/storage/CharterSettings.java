package dev.charter.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by the whole application.
 *
 * @param dataDir folder for the embedded database and generated keys ({@code CHARTER_DATA_DIR})
 */
@ConfigurationProperties("charter")
public record CharterSettings(@DefaultValue("./data") Path dataDir) {}
