package provd.core.internal;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
 * The core's figures: first-contact identifications per second (request to configured device, 10,000 distinct MACs),
 * time to reconfigure every device after a change to {@code base}, and time to load a store of 100,000 devices;
 * beside the disk's own rate of durable small-file writes, measured in the same run, for scale.
 *
 * <p>Run with {@code bench/core.sh}.
 */
public final class CoreBench {
    private static final ProvisioningInventory.Settings SETTINGS =
            new InventoryFixture.ServerSettings("10.0.0.1", 8667, 69, "", 4);

    private CoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int stored = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
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
            identify(pipeline, plugin, 0, devices, threads); // warm-up (JIT), other MACs
            long t0 = System.nanoTime();
            identify(pipeline, plugin, 1_000_000, devices, threads);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("first contacts: %d in %.2f s = %.0f identifications/s (%.2fx the disk's durable "
                    + "writes/s)%n", devices, seconds, devices / seconds, devices / seconds / durableWrites);
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

    private static void identify(IdentificationPipeline pipeline, TestPlugin plugin,
            int first, int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int start = t;
            done.add(pool.submit(() -> {
                for (int i = start; i < count; i += threads) {
                    int n = first + i;
                    ProvisioningRequest request = ProvisioningRequest.builder(RequestType.HTTP,
                            InetAddress.getByName(ip(n))).path(plugin.httpPath(mac(n))).build();
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
        pool.shutdown();
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
