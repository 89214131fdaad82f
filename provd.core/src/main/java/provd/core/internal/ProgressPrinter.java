package provd.core.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import provd.core.api.OperationStatus;

/**
 * Shows an operation's progress in a shell session: on a terminal, one line rewritten in place ({@code \r}) with a
 * bar; otherwise (a script, a pipe) a plain line when a step starts and at each quarter of it, so that a log stays
 * short.
 */
final class ProgressPrinter {
    private static final int BAR = 30;

    private final PrintStream out;
    private final boolean terminal;
    private String lastStep = "";
    private boolean lastEnded;
    /** How many steps ended and were shown as they ended. */
    private int finished;
    private long lastQuarter = -1;
    private int lastWidth;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Shows the operation's steps (its sub-operations, or itself when it has none): those that ended since the last
     * call as they ended, then the one under way.
     */
    void show(OperationStatus status) {
        List<OperationStatus> steps = status.children().stream()
                .filter(child -> child.state() != OperationStatus.State.WAITING).toList();
        if (steps.isEmpty()) {
            steps = List.of(status);
        }
        for (int i = finished; i < steps.size() - 1; i++) {
            // a step that ended since the last call: its last state, then the next one on a line of its own
            line(steps.get(i), true);
            finished = i + 1;
        }
        line(steps.get(steps.size() - 1), false);
        out.flush();
    }

    /** Ends the progress display (the terminal's line). */
    void end() {
        if (terminal && lastWidth > 0) {
            out.println();
        }
        out.flush();
    }

    private void line(OperationStatus step, boolean ended) {
        String label = step.label();
        String line = describe(label, step);
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
            if (ended) {
                out.println();
                lastWidth = 0;
            }
        } else {
            long quarter = step.end() > 0 ? Math.min(4, step.current() * 4 / step.end()) : -1;
            if (!label.equals(lastStep) || quarter > lastQuarter) {
                out.println(line);
            }
            lastQuarter = label.equals(lastStep) ? Math.max(lastQuarter, quarter) : quarter;
        }
        lastStep = ended ? "" : label;
        lastEnded = ended;
    }

    private String describe(String label, OperationStatus step) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s", label));
        if (step.end() > 0 && step.current() >= 0) {
            long percent = Math.min(100, step.current() * 100 / step.end());
            if (terminal) {
                int filled = (int) (percent * BAR / 100);
                line.append('[').append("#".repeat(filled)).append(" ".repeat(BAR - filled)).append("] ");
            }
            line.append(String.format(Locale.ROOT, "%3d%%  %s / %s", percent, size(step.current()),
                    size(step.end())));
        } else if (step.current() >= 0) {
            line.append(size(step.current()));
        }
        if (step.state().isFinished()) {
            line.append(line.length() > 10 ? "  " : "").append(step.state().wireName());
        }
        return line.toString().stripTrailing();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
