package provd.fetchfw.internal;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/**
 * The provd home directory: the {@code provd.home} framework property, set by the launcher; {@code provd-home} in the
 * working directory when it is unset, as the core does.
 */
public final class ProvdHome {
    private static final String PROPERTY = "provd.home";
    private static final String DEFAULT = "provd-home";

    private ProvdHome() {
    }

    public static Path of(BundleContext context) {
        String home = context.getProperty(PROPERTY);
        return Path.of(home == null || home.isBlank() ? DEFAULT : home).toAbsolutePath().normalize();
    }
}
