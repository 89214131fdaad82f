package provd.fetchfw.internal.download;

import java.time.Duration;

/** Durations for messages. */
final class Durations {
    private Durations() {
    }

    /** {@code 60 s}, or {@code 300 ms} under a second. */
    static String show(Duration duration) {
        return duration.compareTo(Duration.ofSeconds(1)) < 0 ? duration.toMillis() + " ms"
                : duration.toSeconds() + " s";
    }
}
