package provd.core.api;

import java.net.InetAddress;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Counts security events by client address, for the servers' ban logic: requests for a device's sensitive files
 * (those holding its credentials) from an address that is not the device's.
 */
@ProviderType
public interface SecurityMonitor {

    /** How many sensitive-file requests {@code client} made for devices other than its own. */
    long violations(InetAddress client);
}
