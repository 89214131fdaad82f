package provd.core.internal;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;

import provd.core.api.Config;
import provd.core.api.ProvisioningRequest;
import provd.core.api.RequestType;
import provd.core.internal.pipeline.IdentificationPipeline;
import provd.core.internal.pipeline.IdentificationPipelines;
import provd.core.internal.security.BanLists;
import provd.core.internal.store.JsonDocumentStore;
import provd.core.store.DocumentStore;

/**
 * The core's figures: first-contact identifications per second (request to configured device, rounds of 10,000
 * distinct MACs, measured once the JIT has settled), time to reconfigure every device after a change to {@code base},
 * and time to load a store of 100,000 devices; beside the disk's own rate of durable small-file writes, measured in
 * the same run, for scale.
 *
 * <p>Run with {@code bench/core.sh}.
 */
public final class CoreBench {
    private static final int WARM_UP_ROUNDS_MAX = 6;
    private static final int MEASURED_ROUNDS = 3;
    /** MACs of round r start at r times this: rounds never share a MAC (24 bits of MAC, 10 rounds). */
    private static final int ROUND_SPACING = 1 << 20;
    private static final ProvisioningInventory.Settings SETTINGS =
            new InventoryFixture.ServerSettings("10.0.0.1", 8667, 69, "", 4);

    private CoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int stored = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        if (devices > ROUND_SPACING) {
            throw new IllegalArgumentException("at most " + ROUND_SPACING + " devices per round");
        }
        Path dir = Files.createTempDirectory("provd-core-bench");
        System.out.printf("devices %d, stored %d, request threads %d, cores %d%n", devices, stored, threads,
                Runtime.getRuntime().availableProcessors());

        double durableWrites = durableWritesPerSecond(dir.resolve("disk"), 3_000);
        System.out.printf("reference: durable small-file writes (temp, fsync, rename) %.0f /s%n", durableWrites);

        TestPlugin plugin = TestPlugin.test("test-1.0", "1.0");
        TestPlugins plugins = new TestPlugins().add(plugin);
        try (JsonDocumentStore store = new JsonDocumentStore(dir.resolve("run/jsondb"), 4)) {
            ProvisioningInventory inventory = new ProvisioningInventory(store, plugins, dir.resolve("run"), SETTINGS);
            IdentificationPipeline pipeline = IdentificationPipelines.normal(inventory, plugins, BanLists.withDefaults());
            // Rounds of new MACs until the JIT has settled (two rounds within 10 % of each other), then the median
            // of three measured rounds: the first round alone measures the compiler as much as the core. Each round
            // starts once the previous one's writes are durable, as one storm of new phones would.
            int round = 0;
            double previous = 0;
            for (; round < WARM_UP_ROUNDS_MAX; round++) {
                inventory.flush().join();
                double rate = identify(pipeline, plugin, round, devices, threads);
                System.out.printf("  warm-up round %d: %.0f identifications/s%n", round + 1, rate);
                if (previous > 0 && Math.abs(rate - previous) < previous / 10) {
                    break;
                }
                previous = rate;
            }
            double[] rates = new double[MEASURED_ROUNDS];
            for (int i = 0; i < MEASURED_ROUNDS; i++) {
                inventory.flush().join();
                rates[i] = identify(pipeline, plugin, ++round, devices, threads);
            }
            Arrays.sort(rates);
            double median = rates[MEASURED_ROUNDS / 2];
            System.out.printf("first contacts: %d new devices per round, median of %d rounds %.0f identifications/s "
                    + "(rounds %.0f to %.0f; %.2fx the disk's durable writes/s)%n", devices, MEASURED_ROUNDS, median,
                    rates[0], rates[MEASURED_ROUNDS - 1], median / durableWrites);
            long f0 = System.nanoTime();
            inventory.flush().join();
            System.out.printf("  then every document durable after %.2f s more%n", (System.nanoTime() - f0) / 1e9);

            int all = inventory.devices().size();
            IntSupplier calls = plugin.configurator::totalCalls;
            int before = calls.getAsInt();
            long r0 = System.nanoTime();
            Config base = inventory.config("base").orElseThrow();
            Map<String, Object> raw = new LinkedHashMap<>(base.rawConfig());
            raw.put("X_bench", "changed");
            inventory.updateConfig(base.with(Config.RAW_CONFIG, raw));
            while (calls.getAsInt() < before + all) {
                Thread.sleep(1);
            }
            System.out.printf("change to base: %d devices reconfigured in %.2f s%n", all,
                    (System.nanoTime() - r0) / 1e9);
            IdentificationPipelines.stop(pipeline);
            inventory.deactivate();
        }

        Path big = dir.resolve("big");
        try (JsonDocumentStore store = new JsonDocumentStore(big.resolve("jsondb"), 4)) {
            List<CompletionStage<Void>> writes = new ArrayList<>();
            for (int i = 0; i < stored; i++) {
                String id = String.format("%032x", i);
                writes.add(store.put(DocumentStore.DEVICES, id, Map.of("id", id, "mac", mac(i), "ip", ip(i),
                        "vendor", "Digium", "model", "D40", "version", "1.1.0.0", "plugin", "digium-2.8.1",
                        "config", id, "configured", true, "added", "auto")));
            }
            store.flush().toCompletableFuture().join();
        }
        long l0 = System.nanoTime();
        try (JsonDocumentStore store = new JsonDocumentStore(big.resolve("jsondb"), 4)) {
            ProvisioningInventory inventory = new ProvisioningInventory(store, new TestPlugins(), big, SETTINGS);
            System.out.printf("load: %d devices in %.2f s%n", inventory.devices().size(),
                    (System.nanoTime() - l0) / 1e9);
            inventory.deactivate();
        }
    }

    /**
     * Sends one first request for each of {@code count} new MACs (those of {@code round}) from {@code threads}
     * threads, and returns the identifications per second. The requests are made before the clock starts.
     */
    private static double identify(IdentificationPipeline pipeline, TestPlugin plugin, int round, int count,
            int threads) throws Exception {
        List<ProvisioningRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = round * ROUND_SPACING + i;
            requests.add(ProvisioningRequest.builder(RequestType.HTTP, InetAddress.getByName(ip(n)))
                    .path(plugin.httpPath(mac(n))).build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int start = t;
            done.add(pool.submit(() -> {
                for (int i = start; i < count; i += threads) {
                    ProvisioningRequest request = requests.get(i);
                    if (pipeline.route(request).fileArea().isEmpty()) {
                        throw new IllegalStateException("not served: " + request);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return count / seconds;
    }

    private static String mac(int n) {
        return String.format("00:0f:d3:%02x:%02x:%02x", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
    }

    private static String ip(int n) {
        return String.format("10.%d.%d.%d", (n >> 16) & 0xff, (n >> 8) & 0xff, (n & 0xff) | 1);
    }

    private static double durableWritesPerSecond(Path dir, int count) throws Exception {
        Files.createDirectories(dir);
        byte[] content = new byte[400];
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Path temp = dir.resolve("." + i + ".tmp");
            try (FileChannel c = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                c.write(ByteBuffer.wrap(content));
                c.force(true);
            }
            Files.move(temp, dir.resolve(String.valueOf(i)), StandardCopyOption.ATOMIC_MOVE);
        }
        return count / ((System.nanoTime() - t0) / 1e9);
    }
}
