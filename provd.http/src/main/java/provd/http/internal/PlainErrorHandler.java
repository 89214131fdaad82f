package provd.http.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages replaced by one short plain-text line ({@code 400 Bad Request}): no HTML, no stack trace, no
 * message echoing the request. Used for the errors Jetty produces itself: a request it cannot parse or rejects before
 * any handler (an ambiguous URI, a bad request line, headers too large), or a handler failure before the response
 * is committed.
 */
public final class PlainErrorHandler extends ErrorHandler {
    private final IntConsumer statusListener;

    /** @param statusListener told the status of every error page written, for the statistics */
    public PlainErrorHandler(IntConsumer statusListener) {
        this.statusListener = statusListener;
    }

    /** The body of an error page: {@code "404 Not Found\n"}. */
    public static String text(int status) {
        String reason = HttpStatus.getMessage(status);
        return status + " " + (reason == null ? "Error" : reason) + "\n";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_STATUS) instanceof Integer code) {
            status = code;
        }
        if (status < 400 || status > 599) {
            status = HttpStatus.INTERNAL_SERVER_ERROR_500;
        }
        response.setStatus(status);
        notify(status);
        byte[] body = text(status).getBytes(StandardCharsets.UTF_8);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
        return true;
    }

    private void notify(int status) {
        try {
            statusListener.accept(status);
        } catch (RuntimeException ignored) {
            // statistics never break an error page
        }
    }
}
