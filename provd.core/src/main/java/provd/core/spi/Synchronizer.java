package provd.core.spi;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Asks a phone to fetch its configuration again. The core registers one such service, whose method is chosen by the
 * operator in {@code etc/provd.sync.cfg}: a SIP NOTIFY sent straight to the phone (the default), or one sent by an
 * Asterisk PBX through its manager interface (AMI). Plugins use it from
 * {@link DeviceConfigurator#synchronize DeviceConfigurator.synchronize}, naming the event their phones expect.
 *
 * <p>Requests are paced (a configured number per second): synchronizing many phones at once spreads them out rather
 * than flooding the network or the PBX; a request waits its turn, it is never refused for being one too many.
 * Thread-safe.
 */
@ProviderType
public interface Synchronizer {

    /**
     * Sends the request.
     *
     * @return completes when the phone (or, through AMI, the PBX) accepted it; exceptionally otherwise, with a message
     *         for the operator that starts with the device's IP: {@code 10.0.0.5: SIP/2.0 481 Call/Transaction Does Not
     *         Exist}, {@code 10.0.0.5: no answer after 32 s}, {@code 10.0.0.5: AMI PJSIPNotify refused (Response:
     *         Error, Message: ...)}. Never a secret in it.
     */
    CompletionStage<Void> synchronize(SyncRequest request);
}
