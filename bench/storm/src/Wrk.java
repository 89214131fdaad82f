import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 4's HTTP figure through the whole server: provd started from the distribution jar with N known Digium
 * devices (created and configured over REST, as a PBX does), their configuration files requested round robin by
 * {@code wrk} over keep-alive connections, every request identified by the core (extraction, retrieval by MAC, the
 * remote state) and served from the plugin's file area; then nginx serving a copy of the same files, same load.
 * wrk connects from one address, so the devices are given that address, as phones behind one NAT are.
 *
 * <pre>
 * bench/storm/run.sh wrk [--jar cnf/target/provd.jar] [--devices 10000] [--connections 256] [--threads 2]
 *      [--duration 15] [--warmup 45] [--lua bench/http/paths.lua] [--java-options "-Xms1g -Xmx1g"]
 * </pre>
 *
 * {@code --warmup}: seconds of the same load before each measured run, unmeasured (on 2 CPUs shared with wrk the JVM
 * needs 30-60 s before C2 has compiled the hot paths).
 */
public final class Wrk {
    private static final Pattern RESULT = Pattern.compile("(\\w+)=([0-9.]+)");

    private Wrk() {
    }

    public static void main(String[] arguments) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("jar", "cnf/target/provd.jar");
        defaults.put("devices", "10000");
        defaults.put("connections", "256");
        defaults.put("threads", "2");
        defaults.put("duration", "15");
        defaults.put("warmup", "45");
        defaults.put("java-options", "-Xms1g -Xmx1g");
        defaults.put("lua", "bench/http/paths.lua");
        Args args = Args.parse(arguments, defaults, List.of());
        int devices = args.integer("devices");
        Path work = Files.createTempDirectory("provd-wrk-");
        Path paths = work.resolve("paths.txt");
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "provd (whole server, %d known devices) vs nginx: wrk -t%s -c%s -d%ss after "
                + "a %ss warm-up each, %d CPUs%n", devices, args.string("threads"), args.string("connections"),
                args.string("duration"), args.string("warmup"), Runtime.getRuntime().availableProcessors());

        try (Provd provd = Provd.start(args.path("jar"), args.string("java-options"), work.resolve("home"))) {
            List<Phone> phones = knownPhones(provd, devices);
            Files.write(paths, phones.stream().map(p -> "/" + p.configFile()).toList());
            results.put("provd", load(args, provd.httpPort, paths));
            Path root = work.resolve("reference");
            Support.copyTree(provd.fileArea(), root);
            try (Reference nginx = Reference.nginx(work, root)) {
                results.put("nginx", load(args, nginx.port, paths));
            }
        }

        System.out.printf("%n%-8s %12s %9s %9s %9s %9s %8s%n", "server", "requests/s", "p50 ms", "p90 ms", "p99 ms",
                "max ms", "errors");
        results.forEach((server, r) -> System.out.printf(Locale.ROOT, "%-8s %12.0f %9.2f %9.2f %9.2f %9.2f %8.0f%n",
                server, r.get("rps"), r.get("p50_us") / 1e3, r.get("p90_us") / 1e3, r.get("p99_us") / 1e3,
                r.get("max_us") / 1e3, r.get("connect_err") + r.get("read_err") + r.get("write_err")
                        + r.get("status_err") + r.get("timeout_err")));
        Map<String, Double> provd = results.get("provd");
        Map<String, Double> nginx = results.get("nginx");
        System.out.printf(Locale.ROOT, "%nratio provd / nginx: throughput %.2f, p99 latency %.2f%n",
                provd.get("rps") / nginx.get("rps"), provd.get("p99_us") / nginx.get("p99_us"));
        Support.deleteTree(work);
    }

    /** N devices with a SIP line and wrk's address, created over REST; waits until their files are made. */
    private static List<Phone> knownPhones(Provd provd, int count) throws Exception {
        long started = System.nanoTime();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<Phone> phones = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Phone phone = Phone.of(i, false);
            phones.add(new Phone(i, phone.mac(), loopback, phone.model(), false));
        }
        provd.addKnownPhones("wrk", phones, 300);
        System.out.printf(Locale.ROOT, "  %d devices created and configured over REST in %.1f s%n", count,
                (System.nanoTime() - started) / 1e9);
        return phones;
    }

    /** A warm-up run, then the measured one; the measured one's RESULT figures. */
    private static Map<String, Double> load(Args args, int port, Path paths) throws Exception {
        run(args, port, paths, args.string("warmup"));
        return run(args, port, paths, args.string("duration"));
    }

    private static Map<String, Double> run(Args args, int port, Path paths, String seconds) throws Exception {
        Process wrk = new ProcessBuilder("wrk", "-t" + args.string("threads"), "-c" + args.string("connections"),
                "-d" + seconds + "s", "--timeout", "10s", "-s", args.string("lua"), "http://127.0.0.1:" + port, "--",
                paths.toString()).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes());
        if (wrk.waitFor() != 0) {
            throw new IOException("wrk failed: " + output);
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        output.lines().filter(line -> line.startsWith("RESULT")).forEach(line -> {
            Matcher m = RESULT.matcher(line);
            while (m.find()) {
                figures.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        });
        if (!figures.containsKey("rps")) {
            throw new IOException("no RESULT line from wrk: " + output);
        }
        System.out.printf(Locale.ROOT, "  port %d, %ss: %.0f requests/s, p99 %.2f ms, %.0f non-2xx%n", port, seconds,
                figures.get("rps"), figures.get("p99_us") / 1e3, figures.get("status_err"));
        return figures;
    }
}
