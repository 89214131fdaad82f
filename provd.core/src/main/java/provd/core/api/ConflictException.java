package provd.core.api;

/**
 * A change that conflicts with the state of other documents: an id already taken, a config others depend on, a
 * shipped default that cannot be deleted.
 */
public class ConflictException extends ProvdException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
