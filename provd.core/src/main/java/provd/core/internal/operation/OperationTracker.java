package provd.core.internal.operation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import provd.core.api.Operation;
import provd.core.api.OperationStatus;
import provd.core.api.Operations;

/**
 * The operations in progress, in memory: they describe work under way, which a restart ends anyway. A finished
 * operation is forgotten {@code expiry.seconds} after it ended, so that clients that never delete their operations
 * (wazo-provd asks them to) cannot fill the memory. Expired operations are swept on each new start.
 */
@Component(configurationPid = OperationTracker.PID)
@Designate(ocd = OperationTracker.Config.class)
public final class OperationTracker implements Operations {
    static final String PID = "provd.operations";

    @ObjectClassDefinition(name = "provd operations in progress")
    @interface Config {
        @AttributeDefinition(description = "How long a finished operation's status can still be read, in seconds",
                min = "1")
        long expiry_seconds() default 600;
    }

    private final Map<String, TrackedOperation> operations = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Duration expiry;

    @Activate
    public OperationTracker(Config config) {
        this(Clock.systemUTC(), Duration.ofSeconds(Math.max(1, config.expiry_seconds())));
    }

    OperationTracker(Clock clock, Duration expiry) {
        this.clock = clock;
        this.expiry = expiry;
    }

    @Modified
    void modified(Config config) {
        expiry = Duration.ofSeconds(Math.max(1, config.expiry_seconds()));
    }

    @Override
    public Operation start(String label) {
        sweep();
        String id = UUID.randomUUID().toString().replace("-", "");
        TrackedOperation operation = new TrackedOperation(id, label, clock);
        operations.put(id, operation);
        return operation;
    }

    @Override
    public Optional<OperationStatus> status(String id) {
        TrackedOperation operation = id == null ? null : operations.get(id);
        if (operation == null || isExpired(operation, clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(operation.status());
    }

    @Override
    public boolean remove(String id) {
        return id != null && operations.remove(id) != null;
    }

    /** How many operations are remembered now. */
    int size() {
        return operations.size();
    }

    private void sweep() {
        Instant now = clock.instant();
        for (Iterator<TrackedOperation> it = operations.values().iterator(); it.hasNext(); ) {
            if (isExpired(it.next(), now)) {
                it.remove();
            }
        }
    }

    private boolean isExpired(TrackedOperation operation, Instant now) {
        return operation.finishedAt().map(end -> end.plus(expiry).isBefore(now)).orElse(false);
    }
}
