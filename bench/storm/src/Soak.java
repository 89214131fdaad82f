import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Soak (issue 9's reliability suite; documented, too long for CI): a moderate storm of known phones posting their
 * DHCP info and fetching their files, for half an hour, sampling provd every {@code --sample} seconds: its RSS, its
 * live heap (after a full collection, through jcmd: a figure a leak cannot hide in) and its threads. Each figure is
 * flat when the mean of the last third of the samples is within {@code --tolerance} % above the mean of the first
 * third. provd runs with a fixed, pre-touched heap, so that a growing RSS is memory outside the heap.
 *
 * <pre>
 * bench/storm/run.sh soak [--jar cnf/target/provd.jar] [--minutes 30] [--rate 200] [--phones 6000] [--workers 32]
 *      [--mix 0.5] [--sample 10] [--warmup 30] [--tolerance 10]
 *      [--java-options "-Xms512m -Xmx512m -XX:+AlwaysPreTouch"]
 * </pre>
 *
 * {@code --rate}: boots a second; {@code --warmup}: seconds of storm before the first sample (the JIT's growth is not
 * a leak).
 */
public final class Soak {
    private static final String CONFIG = "soak";

    /** One sample: the boots of the period before it, and provd's figures at its end. */
    private record Sample(double seconds, double bootsPerSecond, long failed, double p99Millis, double rssMiB,
            double liveHeapMiB, double threads) {
    }

    private Soak() {
    }

    public static void main(String[] arguments) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("jar", "cnf/target/provd.jar");
        defaults.put("minutes", "30");
        defaults.put("rate", "200");
        defaults.put("phones", "6000");
        defaults.put("workers", "32");
        defaults.put("mix", "0.5");
        defaults.put("sample", "10");
        defaults.put("warmup", "30");
        defaults.put("tolerance", "10");
        defaults.put("java-options", "-Xms512m -Xmx512m -XX:+AlwaysPreTouch");
        Args args = Args.parse(arguments, defaults, List.of());
        Path work = Files.createTempDirectory("provd-soak-");
        System.out.printf(Locale.ROOT, "soak: %s boots/s of %d known phones for %s min (after a %s s warm-up), a "
                        + "sample every %s s; work in %s%n", args.string("rate"), args.integer("phones"),
                args.string("minutes"), args.string("warmup"), args.string("sample"), work);
        Verdict verdict = new Verdict("soak");
        List<Phone> phones = Phone.phones(0, args.integer("phones"), args.decimal("mix"));
        List<Sample> samples = new ArrayList<>();
        Tally all = new Tally();
        try (Provd provd = Provd.start(args.path("jar"), args.string("java-options"), work.resolve("home"))) {
            provd.addKnownPhones(CONFIG, phones, 300);
            InetSocketAddress http = new InetSocketAddress("127.0.0.1", provd.httpPort);
            InetSocketAddress tftp = new InetSocketAddress("127.0.0.1", provd.tftpPort);
            Period period = new Period();
            try (Load storm = new Load(phones, args.integer("workers"), args.decimal("rate"), phone -> {
                provd.dhcpInfo(phone);
                Clients.fetch(phone, http, tftp, phone.files());
            }, boot -> {
                all.record(boot);
                period.record(boot);
            })) {
                Thread.sleep(args.integer("warmup") * 1000L);
                period.reset();
                ProcessStats process = new ProcessStats(provd.pid());
                Map<String, Integer> threadsBefore = process.threadsByName();
                long start = System.nanoTime();
                long end = start + (long) (args.decimal("minutes") * 60e9);
                while (System.nanoTime() < end && process.alive()) {
                    Thread.sleep(args.integer("sample") * 1000L);
                    Sample sample = period.sample((System.nanoTime() - start) / 1e9, process);
                    samples.add(sample);
                    System.out.printf(Locale.ROOT, "  %6.0f s  %6.1f boots/s  %4d failed  p99 %7.1f ms  RSS %6.1f "
                                    + "MiB  live heap %6.1f MiB  threads %4.0f%n", sample.seconds(),
                            sample.bootsPerSecond(), sample.failed(), sample.p99Millis(), sample.rssMiB(),
                            sample.liveHeapMiB(), sample.threads());
                }
                printThreadChanges(threadsBefore, process.threadsByName());
                verdict.check("provd still running", process.alive());
            }
        }
        double tolerance = args.decimal("tolerance") / 100;
        System.out.printf(Locale.ROOT, "boots (warm-up included): %d ok, %d failed (%s)%n", all.ok(), all.failed(),
                all.failuresText());
        verdict.check("failed boots = " + all.failed(), all.failed() == 0);
        flat(verdict, "RSS (MiB)", samples, Sample::rssMiB, tolerance);
        flat(verdict, "live heap (MiB)", samples, Sample::liveHeapMiB, tolerance);
        flat(verdict, "threads", samples, Sample::threads, tolerance);
        int exit = verdict.conclude();
        if (exit == 0) {
            Support.deleteTree(work);
        } else {
            System.out.println("provd's home kept for a look: " + work.resolve("home"));
        }
        System.exit(exit);
    }

    /** The kinds of thread whose count changed from the first sample to the last: a pool that grew, or a leak. */
    private static void printThreadChanges(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, String> changes = new TreeMap<>();
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            int was = before.getOrDefault(name, 0);
            int is = after.getOrDefault(name, 0);
            if (was != is) {
                changes.put(name, was + " -> " + is);
            }
        }
        System.out.println("threads by name, first sample -> last: " + (changes.isEmpty() ? "no change" : changes));
    }

    /** Flat: the last third's mean at most {@code tolerance} above the first third's. */
    private static void flat(Verdict verdict, String figure, List<Sample> samples, ToDoubleFunction<Sample> value,
            double tolerance) {
        int third = samples.size() / 3;
        if (third == 0) {
            verdict.check(figure + ": too few samples (" + samples.size() + ") to judge", false);
            return;
        }
        double first = samples.subList(0, third).stream().mapToDouble(value).average().orElse(Double.NaN);
        double last = samples.subList(samples.size() - third, samples.size()).stream().mapToDouble(value)
                .average().orElse(Double.NaN);
        boolean flat = last <= first * (1 + tolerance);
        verdict.check(String.format(Locale.ROOT, "%s first third %.1f, last third %.1f (%+.1f %%): %s", figure,
                first, last, (last / first - 1) * 100, flat ? "flat" : "growing"), flat);
    }

    /** The boots of the current sampling period. */
    private static final class Period {
        private long ok;
        private long failed;
        private final List<Double> millis = new ArrayList<>();
        private long startNanos = System.nanoTime();

        synchronized void record(Load.Boot boot) {
            if (boot.ok()) {
                ok++;
                millis.add(boot.millis());
            } else {
                failed++;
            }
        }

        synchronized void reset() {
            startNanos = System.nanoTime();
            ok = 0;
            failed = 0;
            millis.clear();
        }

        /** Closes the period: its boots, and provd's figures now (the live heap first: it takes a collection). */
        Sample sample(double seconds, ProcessStats process) {
            double live = process.liveHeapMiB();
            double[] rssAndThreads = process.rssAndThreads();
            synchronized (this) {
                double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double p99 = sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1,
                        Math.ceil(0.99 * sorted.length) - 1)];
                double rate = ok / ((System.nanoTime() - startNanos) / 1e9);
                Sample sample = new Sample(seconds, rate, failed, p99, rssAndThreads[0], live, rssAndThreads[1]);
                reset();
                return sample;
            }
        }
    }
}
