package provd.core.api;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** Figures of the device inventory, for the status page and the metrics. */
@ProviderType
public interface InventoryStatistics {
    int deviceCount();

    int configCount();

    /** How many devices each plugin has; devices without a plugin are counted under the empty string. */
    Map<String, Integer> devicesByPlugin();

    /** How many times a device was configured (its files rendered) since start, and how many of those failed. */
    long configurations();

    long configurationFailures();
}
