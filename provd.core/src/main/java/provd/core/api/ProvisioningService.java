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

    /**
     * Reports that the file of a route {@linkplain ProvisioningRoute#isRemoteStateTrigger() marked as the remote-state
     * trigger} reached the phone: an HTTP {@code GET} answered in full ({@code 200}, or {@code 304} for a phone that
     * holds the current file already), or a TFTP transfer whose last block was acknowledged. Not for a {@code HEAD},
     * a range, or a transfer that failed. The core records the fetch in the device's remote state
     * ({@code remote_state_sip_username}, {@code remote_state_last_fetch}). Other routes are ignored.
     *
     * <p>Returns quickly (the device changes in memory; its write to disk is queued) but may wait for the
     * inventory's lock: call it from a worker thread, not from a selector thread.
     */
    void delivered(ProvisioningRoute route);
}
