package provd.core.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a provisioning request goes: the device it comes from, and the file area of the plugin that serves it. A
 * request no plugin serves has no file area; the transport answers "not found". Immutable.
 */
public final class ProvisioningRoute {
    private static final ProvisioningRoute NOWHERE = new ProvisioningRoute(null, null, null, false, false, false);
    private static final ProvisioningRoute NOWHERE_SENSITIVE =
            new ProvisioningRoute(null, null, null, false, true, false);

    private final Device device;
    private final String pluginId;
    private final Path fileArea;
    private final boolean denied;
    private final boolean sensitive;
    private final boolean remoteStateTrigger;

    private ProvisioningRoute(Device device, String pluginId, Path fileArea, boolean denied, boolean sensitive,
            boolean remoteStateTrigger) {
        this.device = device;
        this.pluginId = pluginId;
        this.fileArea = fileArea;
        this.denied = denied;
        this.sensitive = sensitive;
        this.remoteStateTrigger = remoteStateTrigger;
    }

    /**
     * No device, or no plugin for it.
     *
     * @param sensitive whether a plugin holds the requested path for a file with credentials
     */
    public static ProvisioningRoute nowhere(boolean sensitive) {
        return sensitive ? NOWHERE_SENSITIVE : NOWHERE;
    }

    /** A device without a plugin present to serve it. */
    public static ProvisioningRoute unserved(Device device) {
        return new ProvisioningRoute(Objects.requireNonNull(device, "device"), null, null, false, false, false);
    }

    /**
     * The request is served by {@code pluginId} from {@code fileArea}.
     *
     * @param sensitive whether the plugin holds the requested path for a file with credentials
     */
    public static ProvisioningRoute served(Device device, String pluginId, Path fileArea, boolean sensitive) {
        return new ProvisioningRoute(device, Objects.requireNonNull(pluginId, "pluginId"),
                Objects.requireNonNull(fileArea, "fileArea"), false, sensitive, false);
    }

    /**
     * This served route, for the file whose delivery proves the phone took its configuration (its plugin's
     * remote-state trigger): the transport reports the delivery to {@link ProvisioningService#delivered}.
     *
     * @throws IllegalStateException when the route serves nothing
     */
    public ProvisioningRoute asRemoteStateTrigger() {
        if (fileArea == null) {
            throw new IllegalStateException("only a served route can be a remote-state trigger: " + this);
        }
        return new ProvisioningRoute(device, pluginId, fileArea, false, sensitive, true);
    }

    /**
     * A request for a file holding another device's credentials (its client is not that device): a miss, recorded
     * by the core, and refused.
     */
    public static ProvisioningRoute denied(Device device, String pluginId) {
        return new ProvisioningRoute(device, pluginId, null, true, true, false);
    }

    public Optional<Device> device() {
        return Optional.ofNullable(device);
    }

    public Optional<String> pluginId() {
        return Optional.ofNullable(pluginId);
    }

    /**
     * The root the requested path must be resolved in, as a real path (see {@link ServedFiles#resolve}); empty when
     * nothing may be served.
     */
    public Optional<Path> fileArea() {
        return Optional.ofNullable(fileArea);
    }

    /** Whether the request was refused as probing for another device's sensitive file. */
    public boolean isDenied() {
        return denied;
    }

    /**
     * Whether the requested path is, for the plugin concerned, a file holding credentials, asked for by another
     * address than its device's. When such a request finds no file, the server reports a miss to the
     * {@link AccessGuard}; a phone asking for its own file, even one not rendered yet, makes none.
     */
    public boolean isSensitive() {
        return sensitive;
    }

    /**
     * Whether the requested file is the device's remote-state trigger, asked for by the device itself: once the
     * whole file is delivered, the transport calls {@link ProvisioningService#delivered} with this route.
     */
    public boolean isRemoteStateTrigger() {
        return remoteStateTrigger;
    }

    @Override
    public String toString() {
        return denied ? "denied(" + pluginId + ")"
                : fileArea == null ? "nowhere"
                : "served(" + pluginId + ", " + fileArea + (remoteStateTrigger ? ", remote-state trigger" : "") + ")";
    }
}
