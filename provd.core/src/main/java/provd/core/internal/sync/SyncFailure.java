package provd.core.internal.sync;

/**
 * Why a phone was not synchronized, worded for the operator and starting with the device's IP
 * ({@code 10.0.0.5: no answer after 32 s}); what the operation in progress and {@code provd:sync} show.
 */
final class SyncFailure extends Exception {
    private static final long serialVersionUID = 1L;

    SyncFailure(String ip, String reason) {
        super(ip + ": " + reason);
    }

    SyncFailure(String ip, String reason, Throwable cause) {
        super(ip + ": " + reason, cause);
    }
}
