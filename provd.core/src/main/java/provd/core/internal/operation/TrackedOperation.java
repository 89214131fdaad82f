package provd.core.internal.operation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import provd.core.api.Operation;
import provd.core.api.OperationStatus;
import provd.core.api.OperationStatus.State;

/** An operation and its sub-operations; one lock per root, held only to update or copy the state. */
final class TrackedOperation implements Operation {
    private final String id;
    private final String label;
    private final Clock clock;
    private final Object lock;
    // Guarded by lock.
    private State state = State.WAITING;
    private long current = -1;
    private long end = -1;
    private String error;
    private Instant finishedAt;
    private final List<TrackedOperation> children = new ArrayList<>();

    TrackedOperation(String id, String label, Clock clock) {
        this(id, label, clock, new Object());
    }

    private TrackedOperation(String id, String label, Clock clock, Object lock) {
        this.id = id;
        this.label = label == null ? "" : label;
        this.clock = clock;
        this.lock = lock;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void progress(long current, long end) {
        synchronized (lock) {
            if (!state.isFinished()) {
                state = State.PROGRESS;
                this.current = Math.max(-1, current);
                this.end = Math.max(-1, end);
            }
        }
    }

    @Override
    public Operation child(String label) {
        TrackedOperation child = new TrackedOperation(id, label, clock, lock);
        synchronized (lock) {
            children.add(child);
        }
        return child;
    }

    @Override
    public void succeed() {
        finish(State.SUCCESS, null);
    }

    @Override
    public void fail(String reason) {
        finish(State.FAIL, reason == null || reason.isBlank() ? "failed" : reason);
    }

    @Override
    public <T> CompletionStage<T> track(CompletionStage<T> work) {
        synchronized (lock) {
            if (state == State.WAITING) {
                state = State.PROGRESS;
            }
        }
        work.whenComplete((result, failure) -> {
            if (failure == null) {
                succeed();
            } else {
                fail(reason(failure));
            }
        });
        return work;
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private void finish(State finalState, String reason) {
        synchronized (lock) {
            if (state.isFinished()) {
                return;
            }
            state = finalState;
            error = reason;
            finishedAt = clock.instant();
        }
    }

    /** When the root operation ended; empty while it runs. */
    Optional<Instant> finishedAt() {
        synchronized (lock) {
            return Optional.ofNullable(finishedAt);
        }
    }

    OperationStatus status() {
        synchronized (lock) {
            return snapshot(true);
        }
    }

    private OperationStatus snapshot(boolean root) {
        List<OperationStatus> copies = new ArrayList<>(children.size());
        for (TrackedOperation child : children) {
            copies.add(child.snapshot(false));
        }
        return new OperationStatus(root ? Optional.of(id) : Optional.empty(), label, state, current, end,
                Optional.ofNullable(error), copies);
    }
}
