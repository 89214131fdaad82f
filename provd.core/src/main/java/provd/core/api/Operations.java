package provd.core.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Operations in progress, as the REST API and the shell show them. A finished operation is kept a while for its
 * status to be read, then forgotten.
 */
@ProviderType
public interface Operations {
    /** Starts tracking a new operation. */
    Operation start(String label);

    /** The status of an operation, while it is known. */
    Optional<OperationStatus> status(String id);

    /** Forgets an operation (it goes on if it was running); whether it was known. */
    boolean remove(String id);
}
