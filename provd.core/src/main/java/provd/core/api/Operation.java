package provd.core.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The handle of an operation in progress, through which the code doing the work reports it. Starts
 * {@linkplain OperationStatus.State#WAITING waiting}; the first report of progress makes it progress; once it
 * succeeded or failed, later reports are ignored. Thread-safe.
 */
@ProviderType
public interface Operation {
    /** The id under which {@link Operations#status} finds it; a sub-operation answers its root's. */
    String id();

    /** It is under way, {@code current} of {@code end} done ({@code end} -1 when unknown). */
    void progress(long current, long end);

    /** A sub-operation, shown inside this one's status. */
    Operation child(String label);

    void succeed();

    /** It failed, for the reason given (shown to the operator: no secrets). */
    void fail(String reason);

    /**
     * Ends the operation with {@code work}: success when it completes normally, failure with its cause's message
     * otherwise.
     *
     * @return {@code work}, for chaining
     */
    <T> CompletionStage<T> track(CompletionStage<T> work);
}
