package provd.core.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Identifies the phone behind a request and says which plugin serves it. Transports call it for every request,
 * concurrently; it never blocks on other devices' work.
 */
@ProviderType
public interface ProvisioningService {

    /**
     * Identifies the device behind {@code request} (creating or updating its record unless the server runs in
     * secure mode) and routes the request to the device's plugin.
     */
    ProvisioningRoute route(ProvisioningRequest request);
}
