package provd.http.internal.files;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The phone HTTP server's counters, since the component started (they survive a rebind). Thread-safe; read them from
 * any thread. Every request ends in exactly one outcome counter.
 */
public final class PhoneHttpStatistics {
    private final LongAdder requests = new LongAdder();
    private final LongAdder served = new LongAdder();
    private final LongAdder partial = new LongAdder();
    private final LongAdder notModified = new LongAdder();
    private final LongAdder notFound = new LongAdder();
    private final LongAdder forbidden = new LongAdder();
    private final LongAdder methodNotAllowed = new LongAdder();
    private final LongAdder badRequest = new LongAdder();
    private final LongAdder rangeNotSatisfiable = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();

    PhoneHttpStatistics() {
    }

    /** Requests that reached the file handler (those Jetty refuses itself count only as {@link #badRequest()}). */
    public long requests() {
        return requests.sum();
    }

    /** Files served: 200, and 206 for a range ({@link #partial()} of them). */
    public long served() {
        return served.sum();
    }

    /** Files served as a range (206); included in {@link #served()}. */
    public long partial() {
        return partial.sum();
    }

    /** 304: the phone's copy is current. */
    public long notModified() {
        return notModified.sum();
    }

    /** 404: no plugin, no such file, a directory, a path that is not plain, or a denied request. */
    public long notFound() {
        return notFound.sum();
    }

    /** 403: the client is banned. */
    public long forbidden() {
        return forbidden.sum();
    }

    /** 405: neither GET nor HEAD. */
    public long methodNotAllowed() {
        return methodNotAllowed.sum();
    }

    /** 4xx other than the above, mostly 400 for requests Jetty refuses (ambiguous or invalid URIs, bad syntax). */
    public long badRequest() {
        return badRequest.sum();
    }

    /** 416: a range past the end of the file. */
    public long rangeNotSatisfiable() {
        return rangeNotSatisfiable.sum();
    }

    /** 5xx: the router failed, or a file could not be read. */
    public long serverErrors() {
        return serverErrors.sum();
    }

    /** File bytes written to clients (bodies of 200 and 206; not headers, not error bodies). */
    public long bytesSent() {
        return bytesSent.sum();
    }

    void countRequest() {
        requests.increment();
    }

    void countServed(boolean isPartial) {
        served.increment();
        if (isPartial) {
            partial.increment();
        }
    }

    void countNotModified() {
        notModified.increment();
    }

    void countSent(long bytes) {
        bytesSent.add(bytes);
    }

    /** An error status written by the file handler or by Jetty's error handler. */
    void countError(int status) {
        switch (status) {
            case 403 -> forbidden.increment();
            case 404 -> notFound.increment();
            case 405 -> methodNotAllowed.increment();
            case 416 -> rangeNotSatisfiable.increment();
            // HTTP/0.9 and unknown versions: refused by the server, failed by the client (11,474 of 100,000 requests
            // in bench/storm fuzz, which were taken for server failures)
            case 505 -> badRequest.increment();
            default -> {
                if (status >= 500) {
                    serverErrors.increment();
                } else {
                    badRequest.increment();
                }
            }
        }
    }

    /** The requests answered, by outcome, for the status page and the metrics. */
    public Map<String, Long> byOutcome() {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        outcomes.put("served", served());
        outcomes.put("not_modified", notModified());
        outcomes.put("not_found", notFound());
        outcomes.put("forbidden", forbidden());
        outcomes.put("method_not_allowed", methodNotAllowed());
        outcomes.put("bad_request", badRequest());
        outcomes.put("range_not_satisfiable", rangeNotSatisfiable());
        outcomes.put("server_error", serverErrors());
        return outcomes;
    }

    @Override
    public String toString() {
        return "requests=" + requests() + " served=" + served() + " partial=" + partial() + " not_modified="
                + notModified() + " not_found=" + notFound() + " forbidden=" + forbidden() + " method_not_allowed="
                + methodNotAllowed() + " bad_request=" + badRequest() + " range_not_satisfiable="
                + rangeNotSatisfiable() + " server_errors=" + serverErrors() + " bytes=" + bytesSent();
    }
}
