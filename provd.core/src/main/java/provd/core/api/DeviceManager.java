package provd.core.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The devices provd knows. Writes are validated (nothing changes when one is refused) and durable when the method
 * returns. A write that changes what a device's files are made of (its plugin, its config, its identity) has the
 * device reconfigured in the background.
 */
@ProviderType
public interface DeviceManager {

    /**
     * Adds a device. Its id is generated (32 hex digits) when absent; its MAC is normalised; {@code added} defaults
     * to {@code manual}; {@code configured} is the server's to set and is ignored.
     *
     * @return the device as stored
     * @throws InvalidDocumentException naming the key at fault
     * @throws ConflictException        when the id or the MAC is already used by another device
     */
    Device add(Device device);

    /**
     * Replaces the device that has {@code device}'s id.
     *
     * @return the device as stored
     * @throws NotFoundException        when no device has that id
     * @throws InvalidDocumentException naming the key at fault
     * @throws ConflictException        when the MAC is used by another device
     */
    Device update(Device device);

    /**
     * Removes a device and the files its plugin made for it; a transient config it was the last to use goes too.
     *
     * @throws NotFoundException when no device has that id
     */
    void remove(String id);

    Optional<Device> get(String id);

    /** The devices matching {@code query}, each cut down to its fields. */
    List<Device> find(Query query);

    /** How many devices match {@code query}'s selector. */
    int count(Query query);

    /**
     * Configures the device again through its plugin.
     *
     * @return completes with the device once its plugin configured it (or refused to: see
     *         {@link Device#configured()})
     * @throws NotFoundException when no device has that id
     */
    CompletionStage<Device> reconfigure(String id);

    /**
     * Asks the phone to fetch its files again, through its plugin (a SIP NOTIFY, for most vendors).
     *
     * @return completes once the phone acknowledged; exceptionally with the reason otherwise (no plugin, no IP, no
     *         answer, a refusal)
     * @throws NotFoundException when no device has that id
     */
    CompletionStage<Void> synchronize(String id);
}
