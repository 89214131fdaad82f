import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Churn (issue 9's reliability suite): while known phones keep fetching their files, the operator changes things
 * under them, one after the other with quiet storm between: a config that most devices inherit is updated (they are
 * all rendered again), the Digium plugin bundle is updated ({@code POST /pg_mgr/reload}), then uninstalled and
 * installed again from the shell, and the phone HTTP server's port is changed in {@code etc/provd.http.cfg}. Each
 * fetch is classified: affected by a change when it overlaps the change's window and the change concerns it (the
 * config's devices; every device for the plugin; HTTP fetches for the port), unaffected otherwise. No unaffected
 * fetch may fail; affected ones may fail, cleanly (an HTTP status, a TFTP error, a refused connection), and at the end
 * every phone fetches its file, with its config's new content, on the new port.
 *
 * <pre>
 * bench/storm/run.sh churn [--jar cnf/target/provd.jar] [--phones 6000] [--inheriting 5000] [--workers 16]
 *      [--mix 0.5] [--quiet 5] [--java-options "-Xmx1g"]
 * </pre>
 *
 * {@code --quiet}: seconds of storm before, between and after the changes.
 */
public final class Churn {
    private static final String PARENT = "churn-parent";
    private static final String CHILD = "churn-child";
    private static final String OTHER = "churn-other";
    private static final String PLUGIN = "digium-2.8.1";
    private static final String BUNDLE = "provd.plugin.digium";

    /** One change: when it ran (start to the moment provd had done it) and which fetches it concerns. */
    private record Change(String name, long startNanos, long endNanos, Predicate<Load.Boot> concerns) {
        boolean affects(Load.Boot boot) {
            return boot.startNanos() <= endNanos && boot.endNanos() >= startNanos && concerns.test(boot);
        }
    }

    private final Provd provd;
    private final List<Phone> phones;
    private final int inheriting;
    private final Path work;
    private final List<Change> changes = new ArrayList<>();
    private final ConcurrentLinkedQueue<Load.Boot> boots = new ConcurrentLinkedQueue<>();
    /** The port the phones fetch from over HTTP: they move to the new one once provd listens there. */
    private volatile int httpPort;

    private Churn(Provd provd, List<Phone> phones, int inheriting, Path work) {
        this.provd = provd;
        this.phones = phones;
        this.inheriting = inheriting;
        this.work = work;
        this.httpPort = provd.httpPort;
    }

    public static void main(String[] arguments) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("jar", "cnf/target/provd.jar");
        defaults.put("phones", "6000");
        defaults.put("inheriting", "5000");
        defaults.put("workers", "16");
        defaults.put("mix", "0.5");
        defaults.put("quiet", "5");
        defaults.put("java-options", "-Xmx1g");
        Args args = Args.parse(arguments, defaults, List.of());
        Path work = Files.createTempDirectory("provd-churn-");
        System.out.printf(Locale.ROOT, "churn: %d phones, %d of them on %s (child of %s), %d fetching at once; "
                + "work in %s%n", args.integer("phones"), args.integer("inheriting"), CHILD, PARENT,
                args.integer("workers"), work);
        Verdict verdict = new Verdict("churn");
        try (Provd provd = new Provd(new Provd.Launch(args.path("jar"), args.string("java-options"),
                work.resolve("home"), Provd.Ports.free(), true))) {
            Churn churn = new Churn(provd, Phone.phones(0, args.integer("phones"), args.decimal("mix")),
                    args.integer("inheriting"), work);
            churn.setUp();
            churn.run(args.integer("workers"), args.integer("quiet") * 1000L);
            churn.judge(verdict);
        }
        int exit = verdict.conclude();
        if (exit == 0) {
            Support.deleteTree(work);
        } else {
            System.out.println("provd's home kept for a look: " + work.resolve("home"));
        }
        System.exit(exit);
    }

    private boolean inherits(Phone phone) {
        return phone.index() < inheriting;
    }

    /** What a phone's .cfg says of its NTP server: the parent's (changed) for the inheriting ones. */
    private String expectedNtp(Phone phone, boolean changed) {
        return "id=\"ntp_server\" value=\"" + (inherits(phone) && changed ? "10.0.0.2" : "10.0.0.1") + "\"";
    }

    private void setUp() throws Exception {
        long start = System.nanoTime();
        provd.send("POST", "/provd/cfg_mgr/configs", Provd.configJson(PARENT, List.of("base"), ntp("10.0.0.1")), 201);
        provd.send("POST", "/provd/cfg_mgr/configs", Provd.configJson(CHILD, List.of(PARENT),
                Provd.sipLine("churn")), 201);
        provd.send("POST", "/provd/cfg_mgr/configs", Provd.configJson(OTHER, List.of("base"),
                Provd.sipLine("churn").replaceFirst("^\\{", "{\"ntp_enabled\": true, \"ntp_ip\": \"10.0.0.1\", ")),
                201);
        ExecutorService pool = Support.daemonPool("set-up", 16);
        List<Future<String>> created = new ArrayList<>();
        for (Phone phone : phones) {
            created.add(pool.submit(() -> provd.addDevice(phone, inherits(phone) ? CHILD : OTHER)));
        }
        for (Future<String> id : created) {
            id.get();
        }
        pool.shutdown();
        PhoneFiles.Check rendered = PhoneFiles.check(provd, phones, phone -> expectedNtp(phone, false), 300);
        if (rendered.wrong() > 0) {
            throw new IllegalStateException("set-up: " + rendered.text());
        }
        System.out.printf(Locale.ROOT, "set-up: %d devices over REST, files rendered, in %.1f s%n", phones.size(),
                (System.nanoTime() - start) / 1e9);
    }

    private static String ntp(String address) {
        return "{\"ntp_enabled\": true, \"ntp_ip\": \"" + address + "\"}";
    }

    private void run(int workers, long quietMillis) throws Exception {
        InetSocketAddress tftp = new InetSocketAddress("127.0.0.1", provd.tftpPort);
        try (Load storm = new Load(phones, workers, 0, phone -> Clients.fetch(phone,
                new InetSocketAddress("127.0.0.1", httpPort), tftp, phone.files()), boots::add)) {
            Thread.sleep(quietMillis);
            change("update of " + PARENT, boot -> inherits(boot.phone()), this::updateParent);
            Thread.sleep(quietMillis);
            change("plugin reload (bundle update)", boot -> true, this::reloadPlugin);
            Thread.sleep(quietMillis);
            change("plugin uninstall + install", boot -> true, this::reinstallPlugin);
            Thread.sleep(quietMillis);
            change("HTTP port change", boot -> !boot.phone().tftp(), this::changeHttpPort);
            Thread.sleep(quietMillis);
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private void change(String name, Predicate<Load.Boot> concerns, Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        long end = System.nanoTime();
        changes.add(new Change(name, start, end, concerns));
        System.out.printf(Locale.ROOT, "  %-32s done in %5.1f s%n", name, (end - start) / 1e9);
    }

    /** The renderings provd has made since it started: a change is done once its devices are rendered again. */
    private long renderings() throws IOException {
        return provd.metric("provd_configurations_total");
    }

    private void awaitRenderings(String what, long atLeast) throws Exception {
        Support.await(what, 300, () -> renderings() >= atLeast);
    }

    private void updateParent() throws Exception {
        long before = renderings();
        provd.send("PUT", "/provd/cfg_mgr/configs/" + PARENT, Provd.configJson(PARENT, List.of("base"),
                ntp("10.0.0.2")), 204);
        awaitRenderings("the inheriting devices rendered again", before + inheriting);
    }

    private void reloadPlugin() throws Exception {
        long before = renderings();
        provd.send("POST", "/provd/pg_mgr/reload", "{\"id\": \"" + PLUGIN + "\"}", 204);
        awaitRenderings("every device rendered by the reloaded plugin", before + phones.size());
    }

    /** Through the shell, as an operator would: felix:uninstall, then felix:install and felix:start of its jar. */
    private void reinstallPlugin() throws Exception {
        Path jar = bundleJar();
        Matcher listed = Pattern.compile("(?m)^\\s*(\\d+)\\|Active\\s*\\|.*provd Digium plugin").matcher(
                provd.shell("felix:lb", "provd Digium plugin.*\\n(?s:.*)g! "));
        if (!listed.find()) {
            throw new IllegalStateException("the Digium bundle is not in felix:lb");
        }
        long before = renderings();
        provd.shell("felix:uninstall " + listed.group(1), "g! ");
        Support.await("the plugin gone", 60, () -> !provd.get("/provd/pg_mgr/plugins").contains(PLUGIN));
        Matcher installed = Pattern.compile("Bundle ID: (\\d+)").matcher(provd.shell("felix:install file:" + jar,
                "Bundle ID: \\d+"));
        if (!installed.find()) {
            throw new IllegalStateException("felix:install printed no bundle id");
        }
        provd.shell("felix:start " + installed.group(1), "g! ");
        awaitRenderings("every device rendered by the reinstalled plugin", before + phones.size());
    }

    /** The Digium bundle as the distribution carries it, for the shell to install again. */
    private Path bundleJar() throws IOException {
        Path jar = work.resolve(BUNDLE + ".jar");
        try (ZipFile distribution = new ZipFile(provd.launch.jar().toFile())) {
            ZipEntry entry = distribution.stream().filter(e -> e.getName().startsWith("jar/" + BUNDLE + "-"))
                    .findFirst().orElseThrow(() -> new IOException("no " + BUNDLE + " in the distribution"));
            try (InputStream in = distribution.getInputStream(entry)) {
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return jar;
    }

    /** A new port in etc/provd.http.cfg, written aside and moved in whole; the phones follow once it listens. */
    private void changeHttpPort() throws Exception {
        int port = Support.freePort();
        Path cfg = provd.home.resolve("etc/provd.http.cfg");
        Path next = provd.home.resolve("provd.http.cfg.next");
        Files.writeString(next, Files.readString(cfg).replaceFirst("(?m)^port\\s*=.*$", "port = " + port));
        Files.move(next, cfg, StandardCopyOption.ATOMIC_MOVE);
        Support.await("the phone HTTP server on port " + port, 60, () -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        httpPort = port;
    }

    private void judge(Verdict verdict) throws Exception {
        long unaffectedFailed = 0;
        long unaffected = 0;
        Tally unaffectedFailures = new Tally();
        for (Load.Boot boot : boots) {
            if (changes.stream().noneMatch(change -> change.affects(boot))) {
                unaffected++;
                if (!boot.ok()) {
                    unaffectedFailed++;
                    unaffectedFailures.fail(boot.failure());
                }
            }
        }
        System.out.printf(Locale.ROOT, "fetches: %d in all, %d unaffected by any change: %d failed (%s)%n",
                boots.size(), unaffected, unaffectedFailed, unaffectedFailures.failuresText());
        long unclean = 0;
        for (Change change : changes) {
            unclean += report(change);
        }
        PhoneFiles.Check after = PhoneFiles.check(new InetSocketAddress("127.0.0.1", httpPort),
                new InetSocketAddress("127.0.0.1", provd.tftpPort), phones, phone -> expectedNtp(phone, true), 120);
        System.out.println("after the changes, on the new port: " + after.text());
        verdict.check("unaffected fetches failed = " + unaffectedFailed + " (of " + unaffected + ")",
                unaffectedFailed == 0);
        verdict.check("affected fetches that failed without a clean answer = " + unclean, unclean == 0);
        verdict.check("phones without their new file at the end = " + after.wrong(), after.wrong() == 0);
    }

    /** Prints a change's affected fetches and how they failed; gives how many failed uncleanly. */
    private long report(Change change) {
        Tally affected = new Tally();
        long unclean = 0;
        long lastFailure = change.startNanos();
        for (Load.Boot boot : boots) {
            if (change.affects(boot)) {
                affected.record(boot);
                if (!boot.ok()) {
                    lastFailure = Math.max(lastFailure, boot.endNanos());
                    unclean += boot.failure().clean() ? 0 : 1;
                }
            }
        }
        System.out.printf(Locale.ROOT, "  %-32s %6d fetches affected: %d ok, %d failed (%d uncleanly: %s)%s%n",
                change.name(), affected.ok() + affected.failed(), affected.ok(), affected.failed(), unclean,
                affected.failuresText(), affected.failed() == 0 ? "" : String.format(Locale.ROOT, "; the last "
                        + "failure %.1f s after it began", (lastFailure - change.startNanos()) / 1e9));
        return unclean;
    }
}
