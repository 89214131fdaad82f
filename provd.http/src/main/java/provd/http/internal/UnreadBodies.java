package provd.http.internal;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/** Answers to requests whose body the handler did not read. */
public final class UnreadBodies {
    private UnreadBodies() {
    }

    /**
     * Reads and drops what has arrived of the request's body; when more of it is still on its way, says
     * {@code Connection: close} in the response. Jetty closes such a connection after the answer, and a client not
     * told so would send its next request on it and get nothing back. Call before the response is committed.
     */
    public static void closeConnectionIfUnread(Request request, Response response) {
        if (!hasBody(request)) {
            return; // the case of every phone's GET: the parser is left alone
        }
        if (!request.consumeAvailable()) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
    }

    /** Whether the request announces a body: a non-zero Content-Length, or a Transfer-Encoding (chunked). */
    private static boolean hasBody(Request request) {
        long length = request.getLength();
        return length > 0 || (length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
    }
}
