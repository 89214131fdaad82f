package provd.core.internal.pipeline;

import java.util.concurrent.TimeUnit;

/**
 * How many lines of one kind the log takes per window of time: the first ones of a window are logged, the rest only
 * counted, and the first line of a later window says how many were left out. A boot storm of ten thousand new phones
 * then writes a few dozen lines instead of ten thousand, each a synchronous write that every request thread would
 * queue for. Thread-safe.
 */
final class LogBudget {
    private final int linesPerWindow;
    private final long windowNanos;
    private long windowStart;
    private boolean started;
    private int logged;
    private long leftOut;

    LogBudget(int linesPerWindow, long window, TimeUnit unit) {
        this.linesPerWindow = linesPerWindow;
        this.windowNanos = unit.toNanos(window);
    }

    /**
     * Whether a line may be logged at {@code nowNanos}.
     *
     * @return -1 when it is to be left out (counted); otherwise how many were left out since the last line logged
     */
    synchronized long take(long nowNanos) {
        if (!started || nowNanos - windowStart >= windowNanos) {
            started = true;
            windowStart = nowNanos;
            logged = 0;
        }
        if (logged >= linesPerWindow) {
            leftOut++;
            return -1;
        }
        logged++;
        long before = leftOut;
        leftOut = 0;
        return before;
    }
}
