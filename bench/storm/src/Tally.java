import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Boots counted: how many succeeded, and the failures by kind with one example each. */
final class Tally implements Load.Recorder {
    private final LongAdder ok = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, String> examples = new ConcurrentHashMap<>();

    @Override
    public void record(Load.Boot boot) {
        if (boot.ok()) {
            ok.increment();
        } else {
            fail(boot.failure());
        }
    }

    void fail(BootFailure failure) {
        failures.computeIfAbsent(failure.kind, k -> new LongAdder()).increment();
        examples.putIfAbsent(failure.kind, failure.getMessage());
    }

    long ok() {
        return ok.sum();
    }

    long failed() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The failures' counts by kind, in the order of their names. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        failures.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    /** {@code kind=count (example), ...}, or {@code none}. */
    String failuresText() {
        if (failures.isEmpty()) {
            return "none";
        }
        return counts().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + " ("
                + examples.get(e.getKey()) + ")").collect(Collectors.joining(", "));
    }
}
