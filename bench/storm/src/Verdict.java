import java.util.ArrayList;
import java.util.List;

/** A command's checks, printed as they are made, and its last line: PASS, or FAIL with the checks that failed. */
final class Verdict {
    private final String command;
    private final List<String> failed = new ArrayList<>();

    Verdict(String command) {
        this.command = command;
    }

    /** Prints {@code check <what>: ok} or {@code FAILED}; {@code what} carries the figure it judges. */
    boolean check(String what, boolean ok) {
        System.out.println("  check " + what + ": " + (ok ? "ok" : "FAILED"));
        if (!ok) {
            failed.add(what);
        }
        return ok;
    }

    /** Prints the verdict line and gives the exit code: 0 for PASS, 1 for FAIL. */
    int conclude() {
        if (failed.isEmpty()) {
            System.out.println("PASS " + command);
            return 0;
        }
        System.out.println("FAIL " + command + ": " + String.join("; ", failed));
        return 1;
    }
}
