import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** The figures of one storm. */
final class Result {
    final String name;
    final String protocol;
    final String server;
    final int phones;
    final long[] bootMicros;
    final long[] finishedAtMillis;
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final Map<String, String> errorExamples = new ConcurrentHashMap<>();
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

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    double percentile(double p) {
        long[] done = Arrays.stream(bootMicros).filter(v -> v > 0).sorted().toArray();
        if (done.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(done.length - 1, Math.ceil(p / 100 * done.length) - 1);
        return done[Math.max(0, index)] / 1000.0;
    }

    void fail(String kind, String example) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        errorExamples.putIfAbsent(kind, example);
    }

    String errorsText() {
        return errors.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().sum() + " ("
                + errorExamples.get(e.getKey()) + ")").collect(Collectors.joining(", "));
    }
}
