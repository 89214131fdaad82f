import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

/**
 * Crash (issue 9's reliability suite): provd killed with SIGKILL at a random moment of a storm of phones fetching
 * their files while REST writers create configs, move devices to them, change and delete configs, then restarted on
 * the same home. After each restart: every acknowledged write is in the store (a write in flight at the kill may be
 * there or not), no document is corrupt ({@code data/jsondb/corrupt/} stays empty), no temporary file of a write cut
 * short is left under {@code data/}, and every phone fetches its {@code .cfg}, which names the SIP user of its config
 * as the store has it.
 *
 * <pre>
 * bench/storm/run.sh crash [--jar cnf/target/provd.jar] [--devices 3000] [--writers 8] [--rounds 3]
 *      [--kill-after 3-10] [--workers 16] [--mix 0.5] [--deadline 60] [--seed N] [--java-options "-Xmx512m"]
 * </pre>
 *
 * {@code --kill-after} is the range the kill's moment is drawn from, in seconds into the storm; {@code --workers}
 * the phones fetching at once; {@code --deadline} how long, after a restart, a phone's file may take to be right.
 */
public final class Crash {
    /** The config the devices start with; never deleted. */
    static final String SHARED_CONFIG = "crash";

    private final Provd.Launch launch;
    private final List<Phone> phones;
    private final int writers;
    private final int workers;
    private final int deadline;
    private final WriteLog log = new WriteLog();
    /** The devices' ids, by phone index. */
    private final List<String> deviceIds = new ArrayList<>();
    private final Verdict verdict = new Verdict("crash");
    /** The indexes of the phones whose file was wrong after the previous restart. */
    private final Set<Integer> wrongBefore = new HashSet<>();
    private Provd provd;

    private Crash(Provd.Launch launch, List<Phone> phones, int writers, int workers, int deadline) {
        this.launch = launch;
        this.phones = phones;
        this.writers = writers;
        this.workers = workers;
        this.deadline = deadline;
    }

    public static void main(String[] arguments) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("jar", "cnf/target/provd.jar");
        defaults.put("devices", "3000");
        defaults.put("writers", "8");
        defaults.put("rounds", "3");
        defaults.put("kill-after", "3-10");
        defaults.put("workers", "16");
        defaults.put("mix", "0.5");
        defaults.put("deadline", "60");
        defaults.put("seed", Long.toString(System.nanoTime()));
        defaults.put("java-options", "-Xmx512m");
        Args args = Args.parse(arguments, defaults, List.of());
        String[] killAfter = args.string("kill-after").split("-");
        double earliest = Double.parseDouble(killAfter[0]);
        double latest = Double.parseDouble(killAfter[killAfter.length - 1]);
        Random random = new Random(Long.parseLong(args.string("seed")));
        Path work = Files.createTempDirectory("provd-crash-");
        System.out.printf(Locale.ROOT, "crash: %d devices, %d REST writers, %d phones fetching at once, %d rounds, "
                        + "kill %.0f-%.0f s into each storm, seed %s; work in %s%n", args.integer("devices"),
                args.integer("writers"), args.integer("workers"), args.integer("rounds"), earliest, latest,
                args.string("seed"), work);
        Crash crash = new Crash(new Provd.Launch(args.path("jar"), args.string("java-options"), work.resolve("home"),
                Provd.Ports.free(), false), Phone.phones(0, args.integer("devices"), args.decimal("mix")),
                args.integer("writers"), args.integer("workers"), args.integer("deadline"));
        int exit = crash.run(args.integer("rounds"), () -> earliest + random.nextDouble() * (latest - earliest));
        if (exit == 0) {
            Support.deleteTree(work);
        } else {
            System.out.println("provd's home kept for a look: " + work.resolve("home"));
        }
        System.exit(exit);
    }

    private int run(int rounds, DoubleSupplier killMoment) throws Exception {
        provd = new Provd(launch);
        try {
            setUp();
            for (int round = 1; round <= rounds; round++) {
                round(round, killMoment.getAsDouble());
            }
        } finally {
            provd.close();
        }
        System.out.printf(Locale.ROOT, "in all: %d writes acknowledged%n", log.acknowledgements());
        return verdict.conclude();
    }

    /** The shared config and the devices on it, through REST, each file rendered. */
    private void setUp() throws Exception {
        long start = System.nanoTime();
        provd.send("POST", "/provd/cfg_mgr/configs", Provd.configJson(SHARED_CONFIG, List.of("base"),
                Provd.sipLine(SHARED_CONFIG)), 201);
        log.acknowledged(new WriteLog.Doc("configs", SHARED_CONFIG), SHARED_CONFIG);
        ExecutorService pool = Support.daemonPool("set-up", 16);
        List<Future<String>> created = new ArrayList<>();
        for (Phone phone : phones) {
            created.add(pool.submit(() -> provd.addDevice(phone, SHARED_CONFIG)));
        }
        for (Future<String> id : created) {
            deviceIds.add(id.get());
            log.acknowledged(new WriteLog.Doc("devices", id.get()), SHARED_CONFIG);
        }
        pool.shutdown();
        PhoneFiles.Check rendered = PhoneFiles.check(provd, phones, phone -> user(SHARED_CONFIG), 120);
        System.out.printf(Locale.ROOT, "set-up: %d devices on config %s over REST, files rendered, in %.1f s%n",
                phones.size(), SHARED_CONFIG, (System.nanoTime() - start) / 1e9);
        if (rendered.wrong() > 0) {
            throw new IllegalStateException("set-up: " + rendered.text());
        }
    }

    /** One round: the storm and the writers, the kill, the restart, the checks. */
    private void round(int round, double killAfter) throws Exception {
        List<CrashWriter> writing = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            List<Phone> own = new ArrayList<>();
            List<String> ownIds = new ArrayList<>();
            for (int i = w; i < phones.size(); i += writers) {
                own.add(phones.get(i));
                ownIds.add(deviceIds.get(i));
            }
            writing.add(new CrashWriter(provd, log, "crash-r" + round + "-w" + w + "-", own, ownIds));
        }
        long killedAt = stormAndKill(round, killAfter, writing);
        long[] micros = writing.stream().flatMap(w -> w.micros().stream()).mapToLong(Long::longValue).sorted()
                .toArray();
        if (micros.length > 0) {
            System.out.printf(Locale.ROOT, "  REST writes acknowledged in p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    micros[micros.length / 2] / 1e3, micros[(int) (micros.length * 0.99)] / 1e3,
                    micros[micros.length - 1] / 1e3);
        }
        long refused = writing.stream().filter(w -> w.stoppedAtNanos() < killedAt).count();
        writing.stream().filter(w -> w.stoppedAtNanos() < killedAt).findFirst().ifPresent(w ->
                System.out.println("  a writer was refused before the kill: " + w.stopReason()));
        verdict.check("round " + round + ": writers refused before the kill = " + refused, refused == 0);

        // listed while no process writes: the restarted server makes temporary files of its own
        List<Path> leftBehind = temporaryFiles();
        long restart = System.nanoTime();
        provd = provd.restart();
        System.out.printf(Locale.ROOT, "  restarted in %.1f s; %d writes unanswered at the kill, %d temporary files "
                + "left under data/%n", (System.nanoTime() - restart) / 1e9, log.unanswered(), leftBehind.size());
        check(round, leftBehind);
    }

    /** Phones fetching and the writers writing until the kill; gives the kill's moment. */
    private long stormAndKill(int round, double killAfter, List<CrashWriter> writing) throws Exception {
        InetSocketAddress http = new InetSocketAddress("127.0.0.1", provd.httpPort);
        InetSocketAddress tftp = new InetSocketAddress("127.0.0.1", provd.tftpPort);
        Tally fetches = new Tally();
        long acknowledgedBefore = log.acknowledgements();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long killedAt;
        try (Load storm = new Load(phones, workers, 0, phone -> Clients.fetch(phone, http, tftp, phone.files()),
                fetches)) {
            for (CrashWriter writer : writing) {
                Thread thread = new Thread(writer, "writer");
                threads.add(thread);
                thread.start();
            }
            Thread.sleep((long) (killAfter * 1000));
            // what the phones got until the kill is the storm's figure; what they get after it is the kill's
            String stormFigures = fetches.ok() + " boots ok, " + fetches.failed() + " failed ("
                    + fetches.failuresText() + ")";
            killedAt = System.nanoTime();
            provd.kill();
            System.out.printf(Locale.ROOT, "round %d: killed (SIGKILL) %.1f s into the storm: %s; %d writes "
                    + "acknowledged%n", round, (killedAt - start) / 1e9, stormFigures, log.acknowledgements()
                    - acknowledgedBefore);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        provd.close();
        return killedAt;
    }

    /**
     * The restarted server against the write log, every phone's file against the store, and what became of the
     * temporary files the kill left.
     */
    private void check(int round, List<Path> leftBehind) throws Exception {
        Store store = store();
        long corrupt = corruptDocuments();
        PhoneFiles.Check files = PhoneFiles.check(provd, phones, phone -> user(store.userOf(store.configOf(
                deviceIds.get(phone.index())))), deadline);
        System.out.printf(Locale.ROOT, "  store: %d documents checked, %d not as acknowledged%s; %d corrupt%n",
                store.checked, store.wrong.size(), store.wrong.isEmpty() ? "" : " (e.g. " + String.join(", ",
                        store.wrong.subList(0, Math.min(5, store.wrong.size()))) + ")", corrupt);
        System.out.println("  phones: " + files.text());
        List<Phone> newlyWrong = files.wrongPhones().stream().filter(p -> !wrongBefore.contains(p.index()))
                .toList();
        if (newlyWrong.size() < files.wrongPhones().size()) {
            System.out.printf("    %d of them already wrong after the previous restart: this one did not mend them%n",
                    files.wrongPhones().size() - newlyWrong.size());
        }
        for (Phone phone : newlyWrong.subList(0, Math.min(5, newlyWrong.size()))) {
            WriteLog.Doc device = new WriteLog.Doc("devices", deviceIds.get(phone.index()));
            String config = store.configOf(device.id());
            System.out.printf("    %s: device %s on config %s (SIP user %s); the last write of the device %s, of "
                    + "its config %s%n", phone.configFile(), device.id(), config, store.userOf(config),
                    answered(device), answered(new WriteLog.Doc("configs", config)));
        }
        wrongBefore.clear();
        files.wrongPhones().forEach(phone -> wrongBefore.add(phone.index()));
        List<Path> leftovers = leftBehind.stream().filter(Files::exists).toList();
        if (!leftovers.isEmpty()) {
            System.out.println("  temporary files of the kill still there: " + leftovers.size() + ", e.g. "
                    + launch.home().relativize(leftovers.get(0)) + "; " + servedToStranger(leftovers.get(0)));
        }
        verdict.check("round " + round + ": acknowledged writes missing = " + store.wrong.size(),
                store.wrong.isEmpty());
        verdict.check("round " + round + ": corrupt documents = " + corrupt, corrupt == 0);
        verdict.check("round " + round + ": temporary files of the kill still there after the restart = "
                + leftovers.size(), leftovers.isEmpty());
        verdict.check("round " + round + ": phones whose .cfg fetch failed or stayed stale = " + files.wrong(),
                files.wrong() == 0);
        for (WriteLog.Doc doc : log.docs()) {
            log.settle(doc, store.observed(doc));
        }
    }

    private String answered(WriteLog.Doc doc) {
        return log.unanswered(doc) ? "unanswered at the kill" : "acknowledged";
    }

    /** {@code username="<user>"}: how the Digium .cfg names line 1's SIP user. */
    private static String user(String username) {
        return "username=\"" + username + "\"";
    }

    /** The store as the restarted server shows it: SIP users by config, configs by device; what the log denies. */
    private static final class Store {
        final Map<String, String> users = new HashMap<>();
        final Map<String, String> deviceConfigs = new HashMap<>();
        final List<String> wrong = new ArrayList<>();
        int checked;

        String observed(WriteLog.Doc doc) {
            Map<String, String> values = doc.collection().equals("configs") ? users : deviceConfigs;
            return values.getOrDefault(doc.id(), WriteLog.ABSENT);
        }

        String configOf(String deviceId) {
            return deviceConfigs.get(deviceId);
        }

        String userOf(String configId) {
            return users.get(configId);
        }
    }

    private Store store() throws IOException {
        Store store = new Store();
        for (Object config : (List<?>) Json.object(Json.parse(provd.get("/provd/cfg_mgr/configs"))).get("configs")) {
            Map<String, Object> line = Json.object(config, "raw_config", "sip_lines", "1");
            store.users.put((String) Json.object(config).get("id"), (String) line.get("username"));
        }
        for (Object device : (List<?>) Json.object(Json.parse(provd.get("/provd/dev_mgr/devices"))).get("devices")) {
            Map<String, Object> fields = Json.object(device);
            store.deviceConfigs.put((String) fields.get("id"), (String) fields.get("config"));
        }
        for (WriteLog.Doc doc : log.docs()) {
            store.checked++;
            String observed = store.observed(doc);
            if (!log.allows(doc, observed)) {
                store.wrong.add(doc.collection() + "/" + doc.id() + " is " + observed + ", acknowledged "
                        + log.expected(doc));
            }
        }
        return store;
    }

    /** The files {@code .<name>.tmp} under data/: writes cut short, when no server runs. */
    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(launch.home().resolve("data"))) {
            return files.filter(path -> path.getFileName().toString().matches("\\..*\\.tmp")).sorted().toList();
        }
    }

    /** Whether the phone HTTP server gives a left-over file in the plugin's file area to an address of no device. */
    private String servedToStranger(Path leftover) throws IOException {
        if (!leftover.startsWith(provd.fileArea())) {
            return "not in a file area";
        }
        String path = provd.fileArea().relativize(leftover).toString();
        Phone stranger = new Phone(0, "000000000000", InetAddress.getByName("127.99.0.1"), "D40", false);
        try {
            Clients.httpFetch(stranger, new InetSocketAddress("127.0.0.1", provd.httpPort), List.of(path));
            return "GET /" + path + " from 127.99.0.1 (no device's address): 200";
        } catch (BootFailure e) {
            return "GET /" + path + " from 127.99.0.1: " + e.kind;
        }
    }

    /** Documents the store found unreadable at its start and moved aside. */
    private long corruptDocuments() throws IOException {
        Path corrupt = launch.home().resolve("data/jsondb/corrupt");
        if (!Files.isDirectory(corrupt)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(corrupt)) {
            return files.count();
        }
    }
}
