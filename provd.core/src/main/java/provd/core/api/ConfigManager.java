package provd.core.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The configs devices use, and the inheritance between them. Writes are validated (nothing changes when one is
 * refused) and durable when the method returns; devices whose resolved raw config a write changes are reconfigured
 * in the background.
 */
@ProviderType
public interface ConfigManager {

    /**
     * Adds a config; its id is generated when absent.
     *
     * @throws InvalidDocumentException naming the key at fault: an unknown raw-config key, a value out of range, a
     *                                  missing parent, a cycle in {@code parent_ids}
     * @throws ConflictException        when the id is taken
     */
    Config add(Config config);

    /**
     * Replaces the config that has {@code config}'s id.
     *
     * @throws NotFoundException        when no config has that id
     * @throws InvalidDocumentException as for {@link #add}
     */
    Config update(Config config);

    /**
     * Removes a config.
     *
     * @throws NotFoundException when no config has that id
     * @throws ConflictException when it may not be deleted, or other configs inherit from it, or devices use it
     */
    void remove(String id);

    Optional<Config> get(String id);

    List<Config> find(Query query);

    int count(Query query);

    /**
     * The config's raw configuration as its devices' plugins see it, before the core's defaults are filled in: the
     * server's base raw config, then each parent's resolved raw config in order, then its own; objects are merged key
     * by key, other values replaced.
     *
     * @throws NotFoundException when no config has that id
     */
    RawConfig rawConfig(String id);

    /**
     * Creates a new transient config copied from the config whose role is {@code autocreate}.
     *
     * @throws NotFoundException when no config has that role
     */
    Config autocreate();
}
