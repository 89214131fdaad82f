package provd.core.spi;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

import provd.core.api.DeviceInfo;
import provd.core.api.ProvisioningRequest;

/**
 * Tells what a provisioning request reveals about the device that sent it. The core runs the extractors of every
 * plugin on each request and merges their answers, so an extractor answers only for what it recognises: a Digium
 * extractor knows {@code digium_D40_1_1_0_0_48178} in DHCP option 60 and {@code /Digium/000fd3054848.cfg} over HTTP,
 * and says nothing about anything else.
 *
 * <p>Registered as a service with the {@link PluginId} property. Called concurrently, for every phone request:
 * implementations must be thread-safe, fast, and must not block.
 */
@ConsumerType
public interface DeviceInfoExtractor {

    /**
     * What {@code request} reveals about its device.
     *
     * @return the facts found, or empty when the request is not one this extractor recognises
     */
    Optional<DeviceInfo> extract(ProvisioningRequest request);
}
