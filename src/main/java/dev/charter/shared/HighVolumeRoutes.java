package dev.charter.shared;

import java.util.List;
import java.util.Objects;

/**
 * Controllers whose routes take high-volume machine traffic (webhook deliveries, a chat widget's messages), declared
 * as a bean by the module that owns them. Their routes are looked up first, among themselves only, so a request to
 * them is not compared with every other route of the application. Their path patterns must not overlap another
 * controller's (the application refuses to start if they do): a request to them could otherwise have gone elsewhere.
 *
 * @param controllers the controller classes
 */
public record HighVolumeRoutes(List<Class<?>> controllers) {

    public HighVolumeRoutes {
        controllers = List.copyOf(controllers);
        controllers.forEach(c -> Objects.requireNonNull(c, "controller"));
    }

    public static HighVolumeRoutes of(Class<?>... controllers) {
        return new HighVolumeRoutes(List.of(controllers));
    }
}
