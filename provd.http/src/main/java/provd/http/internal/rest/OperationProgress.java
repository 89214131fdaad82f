package provd.http.internal.rest;

import java.util.concurrent.CompletionStage;

import provd.core.api.Operation;
import provd.fetchfw.api.PackageProgress;

/**
 * Shows a package install as an operation in progress: the root counts the stages done, each stage is a
 * sub-operation whose progress is its download's bytes.
 */
final class OperationProgress implements PackageProgress {
    private final Operation root;
    private Operation stage;

    OperationProgress(Operation root) {
        this.root = root;
    }

    @Override
    public synchronized void stage(String label, int number, int count) {
        if (stage != null) {
            stage.succeed();
        }
        root.progress(number - 1, count);
        stage = root.child(label);
    }

    @Override
    public synchronized void progress(long done, long total) {
        if (stage != null) {
            stage.progress(done, total);
        }
    }

    /** Ends the root and the stage under way with {@code work}'s outcome. */
    <T> void track(CompletionStage<T> work) {
        root.track(work.whenComplete((result, failure) -> {
            synchronized (this) {
                if (stage != null && failure == null) {
                    stage.succeed();
                } else if (stage != null) {
                    stage.fail("failed");
                }
            }
        }));
    }
}
