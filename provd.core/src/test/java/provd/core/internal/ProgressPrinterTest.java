package provd.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import provd.core.api.OperationStatus;
import provd.core.api.OperationStatus.State;

class ProgressPrinterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static OperationStatus install(OperationStatus... children) {
        return new OperationStatus(Optional.of("1"), "install", State.PROGRESS, -1, -1, Optional.empty(),
                List.of(children));
    }

    private static OperationStatus step(String label, State state, long current, long end) {
        return new OperationStatus(Optional.empty(), label, state, current, end, Optional.empty(), List.of());
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalALineIsPrintedPerStepAndPerQuarter() {
        ProgressPrinter progress = new ProgressPrinter(out, false);
        for (long done : new long[] {0, 100, 1000, 2600, 2700, 4096}) {
            progress.show(install(step("download", State.PROGRESS, done, 4096)));
        }
        progress.show(install(step("download", State.SUCCESS, 4096, 4096), step("install", State.PROGRESS, -1, -1)));
        progress.show(install(step("download", State.SUCCESS, 4096, 4096), step("install", State.PROGRESS, -1, -1)));
        progress.end();

        assertEquals("""
                download    0%  0 B / 4.0 KiB
                download   63%  2.5 KiB / 4.0 KiB
                download  100%  4.0 KiB / 4.0 KiB
                install
                """, printed());
    }

    @Test
    void onATerminalTheLineIsRewrittenInPlaceWithABar() {
        ProgressPrinter progress = new ProgressPrinter(out, true);
        progress.show(install(step("download", State.PROGRESS, 512, 2048)));
        progress.show(install(step("download", State.PROGRESS, 2048, 2048)));
        progress.show(install(step("download", State.SUCCESS, 2048, 2048), step("install", State.SUCCESS, -1, -1)));
        progress.end();

        String[] lines = printed().split("\n", -1);
        assertEquals(3, lines.length, printed());
        assertTrue(lines[0].startsWith("\rdownload  [#######                       ]  25%  512 B / 2.0 KiB\r"
                + "download  [##############################] 100%  2.0 KiB / 2.0 KiB"), lines[0]);
        assertEquals("\rinstall   success", lines[1]);
        assertEquals("", lines[2]);
    }
}
