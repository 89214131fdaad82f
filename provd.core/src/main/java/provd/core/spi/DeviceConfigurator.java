package provd.core.spi;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

import provd.core.api.Device;
import provd.core.api.RawConfig;

/**
 * Turns a device and its resolved raw config into the files the phone fetches, and asks phones to fetch them again.
 * The core writes the files atomically into the plugin's file area, from which HTTP and TFTP serve them; the plugin
 * never writes there itself.
 *
 * <p>Registered as a service with the {@link PluginId} property. Must be thread-safe: the core configures many devices
 * in parallel.
 */
@ConsumerType
public interface DeviceConfigurator {

    /**
     * Renders the device's files.
     *
     * @return file contents keyed by path relative to the plugin's file area, with {@code /} as separator
     *         ({@code Digium/000fd3054848.cfg}); paths must stay inside the area
     * @throws InvalidConfigurationException when the raw config or the device lacks what the plugin needs (a MAC, a
     *                                       line's username...), naming the key
     */
    Map<String, byte[]> configure(Device device, RawConfig rawConfig) throws InvalidConfigurationException;

    /** The paths of the files {@link #configure} produced for {@code device}, which the core removes. */
    Set<String> deconfigure(Device device);

    /**
     * Asks the phone to fetch its configuration again (a SIP NOTIFY check-sync, for most vendors).
     *
     * @return completes when the phone acknowledged, or exceptionally with the reason it did not
     */
    CompletionStage<Void> synchronize(Device device, RawConfig rawConfig);

    /**
     * The file whose download proves the phone took its configuration; the core records the fetch in the device's
     * remote state.
     */
    Optional<String> remoteStateTriggerFilename(Device device);

    /**
     * Whether a file holds credentials ({@code 000fd3054848.cfg}): the core serves it only to the device it belongs
     * to and counts other requests for it as probing.
     */
    boolean isSensitiveFilename(String path);
}
