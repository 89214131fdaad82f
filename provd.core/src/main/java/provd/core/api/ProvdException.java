package provd.core.api;

/** A request to a provd service that cannot be carried out; nothing was changed. */
public abstract class ProvdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected ProvdException(String message) {
        super(message);
    }

    protected ProvdException(String message, Throwable cause) {
        super(message, cause);
    }
}
