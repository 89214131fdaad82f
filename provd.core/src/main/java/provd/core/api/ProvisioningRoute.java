package provd.core.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a provisioning request goes: the device it comes from, and the file area of the plugin that serves it. A
 * request no plugin serves has no file area; the transport answers "not found". Immutable.
 */
public final class ProvisioningRoute {
    private static final ProvisioningRoute NOWHERE = new ProvisioningRoute(null, null, null, false);

    private final Device device;
    private final String pluginId;
    private final Path fileArea;
    private final boolean denied;

    private ProvisioningRoute(Device device, String pluginId, Path fileArea, boolean denied) {
        this.device = device;
        this.pluginId = pluginId;
        this.fileArea = fileArea;
        this.denied = denied;
    }

    /** No device, or no plugin for it. */
    public static ProvisioningRoute nowhere() {
        return NOWHERE;
    }

    /** A device without a plugin present to serve it. */
    public static ProvisioningRoute unserved(Device device) {
        return new ProvisioningRoute(Objects.requireNonNull(device, "device"), null, null, false);
    }

    /** The request is served by {@code pluginId} from {@code fileArea}. */
    public static ProvisioningRoute served(Device device, String pluginId, Path fileArea) {
        return new ProvisioningRoute(device, Objects.requireNonNull(pluginId, "pluginId"),
                Objects.requireNonNull(fileArea, "fileArea"), false);
    }

    /**
     * A request for a file holding another device's credentials (its client is not that device): logged as a
     * security event and refused.
     */
    public static ProvisioningRoute denied(Device device, String pluginId) {
        return new ProvisioningRoute(device, pluginId, null, true);
    }

    public Optional<Device> device() {
        return Optional.ofNullable(device);
    }

    public Optional<String> pluginId() {
        return Optional.ofNullable(pluginId);
    }

    /** The root the requested path must be resolved in; empty when nothing may be served. */
    public Optional<Path> fileArea() {
        return Optional.ofNullable(fileArea);
    }

    /** Whether the request was refused as probing for another device's sensitive file. */
    public boolean isDenied() {
        return denied;
    }

    @Override
    public String toString() {
        return denied ? "denied(" + pluginId + ")"
                : fileArea == null ? "nowhere" : "served(" + pluginId + ", " + fileArea + ")";
    }
}
