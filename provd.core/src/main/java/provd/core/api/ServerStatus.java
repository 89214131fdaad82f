package provd.core.api;

import java.util.Map;
import java.util.OptionalInt;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The state of a server phones reach (HTTP, TFTP), for the status page, the health check and the metrics. Each
 * transport registers one as a service.
 */
@ConsumerType
public interface ServerStatus {
    /** The protocol, lower case: {@code http}, {@code tftp}. */
    String protocol();

    /** The port listened on; empty when not listening (the address could not be bound). */
    OptionalInt listeningPort();

    /** How many requests were answered since start, by outcome ({@code served}, {@code not_found}...). */
    Map<String, Long> requestsByOutcome();

    /**
     * Other figures, by name in Prometheus style: counters end in {@code _total} ({@code retransmissions_total}),
     * gauges do not ({@code transfers_active}).
     */
    Map<String, Long> figures();
}
