package provd.core.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of an operation in progress (a synchronization, an installation): its state, its progress and its
 * sub-operations. {@link #toString()} gives wazo-provd's status string,
 * {@code [label|]state[;current[/end]](sub)(sub)...}.
 *
 * @param id       the operation's id, empty for a sub-operation
 * @param label    what it does ({@code download}, {@code sync}); may be empty
 * @param state    where it is
 * @param current  the amount done, or -1 when it does not count
 * @param end      the amount to do, or -1 when unknown
 * @param error    why it failed, or empty
 * @param children its sub-operations, in the order they were started
 */
public record OperationStatus(Optional<String> id, String label, State state, long current, long end,
        Optional<String> error, List<OperationStatus> children) {

    /** The states of an operation: it waits, progresses, then succeeds or fails. */
    public enum State {
        WAITING, PROGRESS, SUCCESS, FAIL;

        /** The name wazo-provd uses. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isFinished() {
            return this == SUCCESS || this == FAIL;
        }
    }

    public OperationStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(error, "error");
        children = List.copyOf(children);
    }

    @Override
    public String toString() {
        StringBuilder status = new StringBuilder();
        if (!label.isEmpty()) {
            status.append(label).append('|');
        }
        status.append(state.wireName());
        if (current >= 0) {
            status.append(';').append(current);
            if (end >= 0) {
                status.append('/').append(end);
            }
        }
        for (OperationStatus child : children) {
            status.append('(').append(child).append(')');
        }
        return status.toString();
    }
}
