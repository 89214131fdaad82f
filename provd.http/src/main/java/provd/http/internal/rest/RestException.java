package provd.http.internal.rest;

/** An error answered to a REST client: a status and a message naming the problem, sent as {@code {"error": ...}}. */
final class RestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    RestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static RestException badRequest(String message) {
        return new RestException(400, message);
    }

    static RestException notFound(String message) {
        return new RestException(404, message);
    }
}
