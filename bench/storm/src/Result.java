import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The figures of one storm. */
final class Result {
    final String name;
    final String protocol;
    final String server;
    final int phones;
    final long[] bootMicros;
    final long[] finishedAtMillis;
    final Tally errors = new Tally();
    final List<double[]> samples = new ArrayList<>(); // seconds, cpu %, rss MiB, threads
    double seconds;
    int completed;

    Result(String name, String protocol, String server, int phones) {
        this.name = name;
        this.protocol = protocol;
        this.server = server;
        this.phones = phones;
        this.bootMicros = new long[phones];
        this.finishedAtMillis = new long[phones];
    }

    double rate() {
        return completed / seconds;
    }

    double percentile(double p) {
        long[] done = Arrays.stream(bootMicros).filter(v -> v > 0).sorted().toArray();
        if (done.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(done.length - 1, Math.ceil(p / 100 * done.length) - 1);
        return done[Math.max(0, index)] / 1000.0;
    }
}
