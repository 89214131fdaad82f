package provd.core.spi;

import org.osgi.annotation.versioning.ConsumerType;

import provd.core.api.DeviceInfo;

/**
 * Says how well its plugin supports a device, from what is known of it (vendor, model, firmware version). The core
 * asks every plugin's associator and picks the best; ties go to the highest plugin id in reverse alphabetical
 * order, which is the newer version.
 *
 * <p>Registered as a service with the {@link PluginId} property. Must be thread-safe and must not block.
 */
@ConsumerType
public interface PluginAssociator {

    /** The support this plugin offers the device described by {@code info}; never {@code null}. */
    DeviceSupport support(DeviceInfo info);
}
