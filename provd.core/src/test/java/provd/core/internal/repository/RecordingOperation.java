package provd.core.internal.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import provd.core.api.Operation;

/** An operation that records what it is told, and shows it as wazo-provd's status string. */
final class RecordingOperation implements Operation {
    private final String label;
    private final List<RecordingOperation> children = new ArrayList<>();
    private String state = "waiting";
    private long current = -1;
    private long end = -1;
    private String error;

    RecordingOperation(String label) {
        this.label = label;
    }

    @Override
    public String id() {
        return "op";
    }

    @Override
    public synchronized void progress(long current, long end) {
        if (!finished()) {
            state = "progress";
            this.current = current;
            this.end = end;
        }
    }

    @Override
    public synchronized Operation child(String label) {
        RecordingOperation child = new RecordingOperation(label);
        children.add(child);
        return child;
    }

    @Override
    public synchronized void succeed() {
        if (!finished()) {
            state = "success";
        }
    }

    @Override
    public synchronized void fail(String reason) {
        if (!finished()) {
            state = "fail";
            error = reason;
        }
    }

    @Override
    public <T> CompletionStage<T> track(CompletionStage<T> work) {
        synchronized (this) {
            if (state.equals("waiting")) {
                state = "progress";
            }
        }
        work.whenComplete((result, failure) -> {
            if (failure == null) {
                succeed();
            } else {
                fail((failure.getCause() != null ? failure.getCause() : failure).getMessage());
            }
        });
        return work;
    }

    private boolean finished() {
        return state.equals("success") || state.equals("fail");
    }

    synchronized String error() {
        return error;
    }

    @Override
    public synchronized String toString() {
        StringBuilder s = new StringBuilder(label.isEmpty() ? "" : label + "|").append(state);
        if (current >= 0) {
            s.append(';').append(current);
            if (end >= 0) {
                s.append('/').append(end);
            }
        }
        children.forEach(child -> s.append('(').append(child).append(')'));
        return s.toString();
    }
}
