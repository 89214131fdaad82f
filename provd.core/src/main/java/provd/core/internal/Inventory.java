package provd.core.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import provd.core.api.Config;
import provd.core.api.Device;
import provd.core.api.Query;
import provd.core.api.RawConfig;

/**
 * The devices and configs, in one place because each change to one may concern the other. The API's managers are
 * facades over it; the identification pipeline uses its lookups and its writes on behalf of phones, which are
 * persisted in the background (coalesced) rather than waited for. Operators' writes are durable on return.
 */
public interface Inventory {

    // devices, as DeviceManager describes them

    Device addDevice(Device device);

    Device updateDevice(Device device);

    void removeDevice(String id);

    Optional<Device> device(String id);

    List<Device> findDevices(Query query);

    int countDevices(Query query);

    CompletionStage<Device> reconfigureDevice(String id);

    // configs, as ConfigManager describes them

    Config addConfig(Config config);

    Config updateConfig(Config config);

    void removeConfig(String id);

    Optional<Config> config(String id);

    List<Config> findConfigs(Query query);

    int countConfigs(Query query);

    RawConfig rawConfig(String id);

    Config autocreate();

    // the identification pipeline's view

    Optional<Device> byMac(String mac);

    Optional<Device> bySerial(String serial);

    Optional<Device> byUuid(String uuid);

    Set<String> idsByIp(String ip);

    Collection<Device> devices();

    /**
     * Adds a device first seen in a request ({@code added: auto}), giving it a transient copy of the autocreate
     * config when it has no config, and configures it now, in the calling thread (a phone waits for its files).
     *
     * @param claimIp whether the device's IP is taken away from any other device that has it
     * @return the device added, as configured; empty when a device with its MAC was added meanwhile
     */
    Optional<Device> addDiscovered(Device device, boolean claimIp);

    /**
     * Replaces {@code expected} with {@code updated} if {@code expected} is still the current document. Does not
     * configure the device: the caller does, now or in the background.
     *
     * @param claimIp whether {@code updated}'s IP is taken away from any other device that has it
     * @return whether the replacement was made
     */
    boolean replaceDiscovered(Device expected, Device updated, boolean claimIp);

    /**
     * Has the device configured now, in the calling thread (a phone waits for its files).
     *
     * @param previous the device before the change that calls for it, whose plugin's files are removed if the
     *                 device no longer has them; or {@code null}
     */
    Optional<Device> configureNow(String id, Device previous);

    /**
     * Whether the device's plugin made its files (or refused to) since this server started. Until then its files
     * may predate a stored change, when the server was killed between the two: they are made again at start.
     */
    boolean renderedSinceStart(String id);

    /**
     * Records in the device's remote state that its phone fetched its plugin's remote-state trigger file at
     * {@code fetched}: {@code remote_state_sip_username} becomes the line 1 username of its config, and
     * {@code remote_state_last_fetch} the instant. Only for a configured device (the file of an unconfigured one
     * was not made from its config). Reconfigures nothing. In memory at once; on disk at once when the username
     * changes, and otherwise within a minute, so that a phone fetching its file again and again costs one write a
     * minute at most.
     */
    void recordRemoteState(String id, Instant fetched);

    /** See {@link provd.core.api.DeviceManager#synchronize}. */
    CompletionStage<Void> synchronizeDevice(String id);

    /** The file area of a plugin, from which its devices are served. */
    Path fileArea(String pluginId);
}
