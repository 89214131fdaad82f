package provd.core.store;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Durable storage of JSON documents (maps of strings, numbers, booleans, lists, maps and nulls) in named
 * collections, keyed by id. The core loads every collection once at start and keeps it indexed in memory; the store
 * only has to read everything and write one document at a time.
 *
 * <p>Implementations must be thread-safe.
 */
@ConsumerType
public interface DocumentStore {
    /** The collection of device documents. */
    String DEVICES = "devices";
    /** The collection of config documents. */
    String CONFIGS = "configs";
    /** What an id must look like: it names a file in the JSON store. */
    Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /**
     * Every readable document of a collection, keyed by id. A document that cannot be read is set aside (never
     * silently dropped: it is kept where an operator can find it, and reported) and left out.
     *
     * @throws IOException when the collection itself cannot be read
     */
    Map<String, Map<String, Object>> loadAll(String collection) throws IOException;

    /**
     * Creates or replaces a document. The stage completes once the document is durable: neither a kill of the
     * process nor a power loss after that can lose it, and a crash before it leaves either the old or the new
     * document, never a mix. Writes of one document take effect in call order; a write overtaken by a later write of
     * the same document before it reached the disk may be skipped (its stage completes with the later one's).
     *
     * @throws IllegalArgumentException when {@code id} does not match {@link #VALID_ID}
     */
    CompletionStage<Void> put(String collection, String id, Map<String, Object> document);

    /** Deletes a document, durably (as {@link #put}); deleting an absent document succeeds. */
    CompletionStage<Void> delete(String collection, String id);

    /** Completes when every write requested before this call is durable. */
    CompletionStage<Void> flush();

    /**
     * Why the store cannot take writes now (its directory is not writable, the last write failed...), for the
     * health check; empty when it can.
     */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /**
     * Figures of the store's work since it started, for the status page and the metrics, by name in Prometheus style:
     * counters end in {@code _total} ({@code directory_syncs_total}), the others are gauges. Empty when it has none.
     */
    default Map<String, Long> figures() {
        return Map.of();
    }
}
