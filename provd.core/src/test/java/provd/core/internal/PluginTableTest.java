package provd.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static provd.core.api.PluginService.ASSOCIATOR;
import static provd.core.api.PluginService.CONFIGURATOR;
import static provd.core.api.PluginService.EXTRACTOR;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import provd.core.api.PluginDescriptor;
import provd.core.api.PluginService;
import provd.core.internal.PluginTable.BundleIdentity;
import provd.core.internal.PluginTable.Change;
import provd.core.internal.PluginTable.Registration;

class PluginTableTest {

    private static final BundleIdentity DIGIUM = new BundleIdentity(7, "provd.plugin.digium", "2.8.1");
    private static final BundleIdentity OTHER = new BundleIdentity(9, "provd.plugin.fake", "1.0.0");

    private final PluginTable table = new PluginTable();

    private static Registration reg(long serviceId, String pluginId, PluginService kind, BundleIdentity bundle) {
        return new Registration(serviceId, pluginId, kind, bundle, new Object());
    }

    @Test
    void changesAsServicesComeAndGo() {
        assertEquals(Change.ARRIVED, table.add(reg(1, "digium-2.8.1", EXTRACTOR, DIGIUM)));
        assertEquals(Change.UPDATED, table.add(reg(2, "digium-2.8.1", ASSOCIATOR, DIGIUM)));
        assertEquals(Change.UPDATED, table.remove(1));
        assertEquals(Change.DEPARTED, table.remove(2));
        assertEquals(Change.NONE, table.remove(2));
        assertEquals(Change.NONE, table.remove(42));
        assertEquals(Change.ARRIVED, table.add(reg(3, "digium-2.8.1", CONFIGURATOR, DIGIUM)));
    }

    @Test
    void descriptorsSortedWithKindsAndBundle() {
        table.add(reg(1, "zeta-1", EXTRACTOR, OTHER));
        table.add(reg(2, "digium-2.8.1", CONFIGURATOR, DIGIUM));
        table.add(reg(3, "digium-2.8.1", EXTRACTOR, DIGIUM));
        table.add(reg(4, "alpha-1", ASSOCIATOR, OTHER));
        table.add(reg(5, "digium-2.8.1", ASSOCIATOR, DIGIUM));

        List<PluginDescriptor> descriptors = table.descriptors();
        assertEquals(List.of("alpha-1", "digium-2.8.1", "zeta-1"), descriptors.stream().map(PluginDescriptor::id).toList());

        PluginDescriptor digium = descriptors.get(1);
        assertEquals(new PluginDescriptor("digium-2.8.1", 7, "provd.plugin.digium", "2.8.1",
                EnumSet.allOf(PluginService.class)), digium);
        assertTrue(digium.isComplete());
        assertEquals(EnumSet.of(ASSOCIATOR), descriptors.get(0).services());
        assertEquals(9, descriptors.get(0).bundleId());
        assertEquals("provd.plugin.fake", descriptors.get(2).bundleSymbolicName());
        assertEquals("1.0.0", descriptors.get(2).bundleVersion());
    }

    @Test
    void descriptorFollowsServices() {
        table.add(reg(1, "digium-2.8.1", EXTRACTOR, DIGIUM));
        table.add(reg(2, "digium-2.8.1", CONFIGURATOR, DIGIUM));
        assertEquals(EnumSet.of(EXTRACTOR, CONFIGURATOR), table.descriptor("digium-2.8.1").orElseThrow().services());

        table.remove(1);
        assertEquals(EnumSet.of(CONFIGURATOR), table.descriptor("digium-2.8.1").orElseThrow().services());

        table.remove(2);
        assertEquals(Optional.empty(), table.descriptor("digium-2.8.1"));
        assertEquals(List.of(), table.descriptors());
        assertEquals(Optional.empty(), table.descriptor("unknown"));
    }

    @Test
    void otherBundlesListsOnlyDifferentBundles() {
        table.add(reg(1, "digium-2.8.1", EXTRACTOR, DIGIUM));
        table.add(reg(2, "digium-2.8.1", ASSOCIATOR, DIGIUM));

        assertEquals(List.of(), table.otherBundles(reg(3, "digium-2.8.1", CONFIGURATOR, DIGIUM)));
        assertEquals(List.of(DIGIUM), table.otherBundles(reg(3, "digium-2.8.1", CONFIGURATOR, OTHER)));
        assertEquals(List.of(), table.otherBundles(reg(3, "unknown-1", CONFIGURATOR, OTHER)));

        table.add(reg(3, "digium-2.8.1", CONFIGURATOR, OTHER));
        assertEquals(List.of(OTHER), table.otherBundles(reg(4, "digium-2.8.1", EXTRACTOR, DIGIUM)));
        assertEquals(DIGIUM.id(), table.descriptor("digium-2.8.1").orElseThrow().bundleId());
    }

    @Test
    void concurrentAddAndRemoveLeavesTableEmpty() throws Exception {
        int threads = 8;
        int perThread = 1000;
        PluginService[] kinds = PluginService.values();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<int[]>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(() -> {
                    start.await();
                    int[] counts = new int[Change.values().length];
                    for (int i = 0; i < perThread; i++) {
                        long serviceId = (long) thread * perThread + i;
                        String pluginId = "plugin-" + (i % 10);
                        counts[table.add(reg(serviceId, pluginId, kinds[i % kinds.length], DIGIUM)).ordinal()]++;
                        table.descriptors();
                    }
                    for (int i = 0; i < perThread; i++) {
                        counts[table.remove((long) thread * perThread + i).ordinal()]++;
                    }
                    return counts;
                });
            }
            List<Future<int[]>> futures = new ArrayList<>();
            for (Callable<int[]> task : tasks) {
                futures.add(pool.submit(task));
            }
            start.countDown();
            int[] total = new int[Change.values().length];
            for (Future<int[]> future : futures) {
                int[] counts = future.get(60, TimeUnit.SECONDS);
                for (int c = 0; c < total.length; c++) {
                    total[c] += counts[c];
                }
            }
            assertEquals(List.of(), table.descriptors());
            assertEquals(0, total[Change.NONE.ordinal()]);
            assertEquals(total[Change.ARRIVED.ordinal()], total[Change.DEPARTED.ordinal()]);
            assertTrue(total[Change.ARRIVED.ordinal()] >= 10);
            assertEquals(2 * threads * perThread, total[Change.ARRIVED.ordinal()]
                    + total[Change.UPDATED.ordinal()] + total[Change.DEPARTED.ordinal()]);
            for (int i = 0; i < threads * perThread; i++) {
                assertEquals(Change.NONE, table.remove(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aServiceRegisteredAgainUnderAnotherIdLeavesNoStalePlugin() {
        table.add(reg(1, "a", EXTRACTOR, DIGIUM));
        table.add(reg(1, "b", EXTRACTOR, DIGIUM));
        assertEquals(List.of("b"), table.descriptors().stream().map(PluginDescriptor::id).toList());
        assertEquals(Change.DEPARTED, table.remove(1));
        assertEquals(List.of(), table.descriptors());
    }
}
