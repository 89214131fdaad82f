package provd.core.api;

/** No document has the id asked for. */
public class NotFoundException extends ProvdException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
