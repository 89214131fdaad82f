import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fuzz (issue 9's reliability suite): a million malformed TFTP datagrams and a hundred thousand malformed HTTP
 * requests at provd's phone servers, while known phones keep fetching their files over both. The process must stay
 * up with a bounded heap (provd runs with {@code -Xmx512m}: no OutOfMemoryError, and the live heap after the fuzz
 * near what it was before, the files its servers keep in memory, bounded apart, set aside), and every phone's fetch
 * must succeed. The fuzzers send from 127.200.0.0/16 (TFTP) and
 * 127.201.0.0/16 (HTTP), the phones from 127.10.0.0/16, so that the bans the fuzzers earn never hit a phone.
 *
 * <pre>
 * bench/storm/run.sh fuzz [--jar cnf/target/provd.jar] [--datagrams 1000000] [--tftp-rate 20000]
 *      [--requests 100000] [--http-rate 2000] [--phones 300] [--workers 8] [--seed N] [--java-options "-Xmx512m"]
 * </pre>
 *
 * Rates are per second over all the fuzzer's threads (0: as fast as they go); {@code --workers} phones fetch at once.
 */
public final class Fuzz {
    private static final String CONFIG = "fuzz";
    private static final String EXPECTED = "username=\"" + CONFIG + "\"";
    /** How much the live heap may grow over the fuzz: a leak of 100 bytes a datagram would pass it. */
    private static final double LIVE_HEAP_GROWTH_MIB = 64;

    private final Provd provd;
    private final Args args;
    private final ProcessStats process;
    private final TftpFuzzer tftp;
    private final HttpFuzzer http;
    private final Tally fetches = new Tally();
    private double tftpSeconds;
    private double httpSeconds;

    private Fuzz(Provd provd, Args args, List<Phone> phones, long seed) throws UnknownHostException {
        this.provd = provd;
        this.args = args;
        this.process = new ProcessStats(provd.pid());
        tftp = new TftpFuzzer(new InetSocketAddress("127.0.0.1", provd.tftpPort), addresses(200,
                args.integer("tftp-sources")), phones.stream().map(p -> p.files().get(1)).toList(), seed);
        http = new HttpFuzzer(new InetSocketAddress("127.0.0.1", provd.httpPort), addresses(201,
                args.integer("http-sources")), seed + 1);
    }

    public static void main(String[] arguments) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("jar", "cnf/target/provd.jar");
        defaults.put("datagrams", "1000000");
        defaults.put("tftp-rate", "20000");
        defaults.put("tftp-threads", "4");
        defaults.put("tftp-sources", "64");
        defaults.put("requests", "100000");
        defaults.put("http-rate", "2000");
        defaults.put("http-threads", "32");
        defaults.put("http-sources", "1024");
        defaults.put("phones", "300");
        defaults.put("workers", "8");
        defaults.put("seed", Long.toString(System.nanoTime()));
        defaults.put("java-options", "-Xmx512m");
        Args args = Args.parse(arguments, defaults, List.of());
        long seed = Long.parseLong(args.string("seed"));
        Path work = Files.createTempDirectory("provd-fuzz-");
        System.out.printf(Locale.ROOT, "fuzz: %d TFTP datagrams (%s/s), %d HTTP requests (%s/s), %d phones "
                        + "fetching, seed %d; work in %s%n", args.integer("datagrams"), args.string("tftp-rate"),
                args.integer("requests"), args.string("http-rate"), args.integer("phones"), seed, work);
        Verdict verdict = new Verdict("fuzz");
        List<Phone> phones = Phone.phones(0, args.integer("phones"), 0.5);
        try (Provd provd = Provd.start(args.path("jar"), args.string("java-options"), work.resolve("home"))) {
            provd.addKnownPhones(CONFIG, phones, 120);
            new Fuzz(provd, args, phones, seed).run(phones, verdict);
        }
        int exit = verdict.conclude();
        if (exit == 0) {
            Support.deleteTree(work);
        } else {
            System.out.println("provd's home kept for a look: " + work.resolve("home"));
        }
        System.exit(exit);
    }

    private void run(List<Phone> phones, Verdict verdict) throws Exception {
        double liveBefore = process.liveHeapMiB();
        Object statusBefore = provd.status();
        Object devicesBefore = Json.object(statusBefore).get("devices");
        long cachedBefore = cachedFiles(statusBefore);
        InetSocketAddress httpServer = new InetSocketAddress("127.0.0.1", provd.httpPort);
        InetSocketAddress tftpServer = new InetSocketAddress("127.0.0.1", provd.tftpPort);
        long droppedBefore = tftpSocketDrops();
        long start = System.nanoTime();
        try (Monitor monitor = new Monitor(provd, 1000)) {
            try (Load load = new Load(phones, args.integer("workers"), 0, phone -> {
                byte[] file = Clients.fetch(phone, httpServer, tftpServer, phone.files()).get(0);
                if (!new String(file, StandardCharsets.UTF_8).contains(EXPECTED)) {
                    throw new BootFailure("wrong content", phone.configFile() + " lacks " + EXPECTED);
                }
            }, fetches)) {
                Thread tftpRun = thread("tftp-fuzzer", () -> tftp.run(args.integer("tftp-threads"),
                        args.integer("datagrams"), args.decimal("tftp-rate")));
                Thread httpRun = thread("http-fuzzer", () -> http.run(args.integer("http-threads"),
                        args.integer("requests"), args.decimal("http-rate")));
                tftpRun.join();
                tftpSeconds = (System.nanoTime() - start) / 1e9;
                httpRun.join();
                httpSeconds = (System.nanoTime() - start) / 1e9;
            }
            monitor.close();
            printFigures(monitor);
        }
        // the kernel drops what a full socket cannot take, a phone's read request as well as a fuzzer's datagram
        System.out.printf(Locale.ROOT, "datagrams the kernel dropped at provd's TFTP port, its socket full: %d%n",
                tftpSocketDrops() - droppedBefore);
        boolean alive = process.alive();
        double liveAfter = alive ? process.liveHeapMiB() : Double.NaN;
        System.out.printf(Locale.ROOT, "provd: live heap %.1f MiB before the fuzz, %.1f MiB after%n", liveBefore,
                liveAfter);
        boolean healthy = false;
        Object statusAfter = alive ? provd.status() : null;
        if (alive) {
            // in the default (not secure) mode, a request naming a new MAC creates its device: fuzzers make some
            System.out.println("provd status: devices " + devicesBefore + " before, " + Json.object(statusAfter)
                    .get("devices") + " after; banned addresses " + Json.object(statusAfter).get("banned_ips")
                    + "; TFTP " + Json.object(statusAfter, "servers", "tftp") + "; HTTP "
                    + Json.object(statusAfter, "servers", "http"));
            healthy = provd.get("/provd/health").contains("ok");
        }
        boolean outOfMemory = (Files.readString(provd.log()) + Files.readString(provd.stdout()))
                .contains("OutOfMemoryError");
        verdict.check("TFTP datagrams sent = " + tftp.sent() + " of " + args.integer("datagrams"),
                tftp.sent() >= args.integer("datagrams"));
        verdict.check("HTTP requests sent = " + http.sent() + " of " + args.integer("requests"),
                http.sent() >= args.integer("requests"));
        verdict.check("provd still running and healthy", alive && healthy);
        verdict.check("OutOfMemoryError in provd's log or output: " + outOfMemory, !outOfMemory);
        // the servers keep the small files they serve in memory, up to a bound of their own: not a leak
        double cachedGrowth = (cachedFiles(statusAfter) - cachedBefore) / (1024.0 * 1024.0);
        verdict.check(String.format(Locale.ROOT, "live heap growth = %.1f MiB, %.1f MiB of it files the servers keep "
                + "in memory (at most %.0f besides)", liveAfter - liveBefore, cachedGrowth, LIVE_HEAP_GROWTH_MIB),
                liveAfter - liveBefore - cachedGrowth <= LIVE_HEAP_GROWTH_MIB);
        verdict.check("phones' fetches failed = " + fetches.failed() + " (of " + (fetches.ok() + fetches.failed())
                + ")", fetches.failed() == 0 && fetches.ok() > 0);
    }

    /** The bytes of files both servers keep in memory, by their status (0 when not told). */
    private static long cachedFiles(Object status) {
        long bytes = 0;
        for (String server : List.of("http", "tftp")) {
            Object value = Json.object(status, "servers", server).get("file_cache_bytes");
            bytes += value instanceof Number ? ((Number) value).longValue() : 0;
        }
        return bytes;
    }

    private void printFigures(Monitor monitor) {
        System.out.printf(Locale.ROOT, "TFTP: %d datagrams in %.1f s = %.0f/s (%d send errors), %d answers "
                        + "drained; by kind %s%n", tftp.sent(), tftpSeconds, tftp.sent() / tftpSeconds,
                tftp.sendErrors(), tftp.answers(), tftp.sentByKind());
        System.out.printf(Locale.ROOT, "HTTP: %d requests in %.1f s = %.0f/s; by kind %s%n", http.sent(),
                httpSeconds, http.sent() / httpSeconds, http.sentByKind());
        System.out.println("HTTP answers: " + http.answers());
        System.out.println("HTTP answers by kind of request: " + http.answersByKind());
        System.out.printf(Locale.ROOT, "phones: %d fetches ok, %d failed (%s)%n", fetches.ok(), fetches.failed(),
                fetches.failuresText());
        System.out.printf(Locale.ROOT, "provd: CPU %.0f %% of one CPU on average (max %.0f %%), max RSS %.0f MiB, max "
                        + "heap in use %.0f MiB, max threads %.0f%n", monitor.mean(Monitor.Sample::cpuPercent),
                monitor.max(Monitor.Sample::cpuPercent), monitor.max(Monitor.Sample::rssMiB),
                monitor.max(Monitor.Sample::heapUsedMiB), monitor.max(Monitor.Sample::threads));
    }

    /**
     * The datagrams the kernel dropped because provd's TFTP server socket was full (its {@code drops} in
     * /proc/net/udp or udp6) so far, -1 when it is not found.
     */
    private long tftpSocketDrops() throws IOException {
        String port = String.format(":%04X", provd.tftpPort);
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) { // Java's sockets are often IPv6 ones
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields[1].endsWith(port)) {
                    return Long.parseLong(fields[fields.length - 1]);
                }
            }
        }
        return -1;
    }

    /** {@code count} addresses 127.{second}.x.y, avoiding the .0 and .255 that some tools treat apart. */
    private static List<InetAddress> addresses(int second, int count) throws UnknownHostException {
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            addresses.add(InetAddress.getByAddress(new byte[] {127, (byte) second, (byte) (i / 254),
                    (byte) (1 + i % 254)}));
        }
        return addresses;
    }

    private interface Run {
        void run() throws Exception;
    }

    private static Thread thread(String name, Run run) {
        Thread thread = new Thread(() -> {
            try {
                run.run();
            } catch (Exception e) {
                throw new IllegalStateException(name + ": " + e, e);
            }
        }, name);
        thread.start();
        return thread;
    }
}
