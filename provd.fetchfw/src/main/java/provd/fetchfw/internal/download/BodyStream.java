package provd.fetchfw.internal.download;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body read chunk by chunk as it arrives, waiting a bounded time for each chunk: the HTTP client's own
 * timeout ends with the response headers, and a server may then stall for ever. One chunk is requested at a time, so
 * a slow disk slows the connection down instead of filling memory. {@link #close()} cancels the body, which closes
 * the connection when the body was not read to its end.
 */
final class BodyStream implements HttpResponse.BodySubscriber<BodyStream>, AutoCloseable {
    /** Marks the end of the body in the queue (by identity: an empty chunk is not the end). */
    private static final List<ByteBuffer> END = Collections.unmodifiableList(new ArrayList<>());

    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private final BlockingQueue<List<ByteBuffer>> arrived = new LinkedBlockingQueue<>();
    /** Why the body ended early; set before {@link #END} is queued. */
    private volatile Throwable failure;
    private boolean ended;

    @Override
    public CompletionStage<BodyStream> getBody() {
        // available at once: the caller reads the body as it arrives
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription given) {
        if (subscription.complete(given)) {
            given.request(1);
        } else {
            given.cancel();
        }
    }

    @Override
    public void onNext(List<ByteBuffer> chunk) {
        arrived.add(chunk);
    }

    @Override
    public void onError(Throwable error) {
        failure = error;
        arrived.add(END);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    /**
     * The next chunk of the body, null at its end.
     *
     * @throws TimeoutException when nothing arrived within {@code timeout}
     * @throws IOException      when the connection failed before the end of the body
     */
    List<ByteBuffer> next(Duration timeout) throws IOException, TimeoutException, InterruptedException {
        if (ended) {
            return null;
        }
        List<ByteBuffer> chunk = arrived.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (chunk == null) {
            throw new TimeoutException();
        }
        if (chunk == END) {
            ended = true;
            Throwable error = failure;
            if (error != null) {
                throw error instanceof IOException io ? io : new IOException(error);
            }
            return null;
        }
        subscription.join().request(1);
        return chunk;
    }

    /** Cancels what is left of the body; nothing once it has ended. */
    @Override
    public void close() {
        subscription.thenAccept(Flow.Subscription::cancel);
    }
}
