package provd.core.internal.repository;

/** A long action of the plugin repository that could not be done; its message says why, for the operator. */
final class RepositoryFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RepositoryFailure(String message) {
        super(message, null, false, false);
    }
}
