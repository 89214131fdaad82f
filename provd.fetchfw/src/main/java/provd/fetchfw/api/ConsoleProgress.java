package provd.fetchfw.api;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows an install's progress on a text console, for shell commands: one line per stage, and for downloads a bar
 * redrawn in place ({@code \r}) at most every percent. Used from the one thread doing the work.
 */
public final class ConsoleProgress implements PackageProgress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private int shownPercent = -1;
    private boolean barShown;

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void stage(String label, int number, int count) {
        endBar();
        out.printf("[%d/%d] %s%n", number, count, label);
        out.flush();
    }

    @Override
    public void progress(long done, long total) {
        if (total <= 0) {
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent == shownPercent) {
            return;
        }
        shownPercent = percent;
        int filled = percent * WIDTH / 100;
        out.print(String.format(Locale.ROOT, "\r  [%s%s] %3d%% %s / %s", "#".repeat(filled),
                " ".repeat(WIDTH - filled), percent, bytes(done), bytes(total)));
        out.flush();
        barShown = true;
    }

    /** Ends the bar's line, if one is shown; call once the work is over. */
    public void endBar() {
        if (barShown) {
            out.println();
            barShown = false;
        }
        shownPercent = -1;
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
}
