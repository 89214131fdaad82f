package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import provd.it.support.Await;
import provd.it.support.InProcessFramework;
import provd.it.support.Reflect;
import provd.it.support.TestPluginBundle;

/** The core's plugin registry follows plugin bundles as they are installed, updated and uninstalled. */
class PluginRegistryIT {
    @TempDir
    Path dir;

    @Test
    void registryFollowsAPluginBundleThroughInstallUpdateAndUninstall() throws Exception {
        Path v1 = TestPluginBundle.v1(dir);
        Path v2 = TestPluginBundle.v2(dir);
        try (InProcessFramework framework = InProcessFramework.start(dir)) {
            Object registry = framework.awaitService("provd.core.api.PluginRegistry");
            // the distribution's own plugin
            Await.until("the Digium plugin", () -> pluginIds(registry).equals(List.of("digium-2.8.1")),
                    () -> pluginIds(registry).toString());

            Bundle plugin = framework.context().installBundle(v1.toUri().toString());
            plugin.start();
            Await.until("plugin test-1.0 with its three services",
                    () -> services(registry, "test-1.0").size() == 3, () -> pluginIds(registry).toString());
            // the extractor without a plugin id is not a plugin service
            assertEquals(List.of("digium-2.8.1", "test-1.0"), pluginIds(registry));
            assertEquals(Set.of("EXTRACTOR", "ASSOCIATOR", "CONFIGURATOR"), services(registry, "test-1.0"));
            Object descriptor = descriptor(registry, "test-1.0").orElseThrow();
            assertEquals(TestPluginBundle.SYMBOLIC_NAME, Reflect.call(descriptor, "bundleSymbolicName"));
            assertEquals(plugin.getBundleId(), Reflect.call(descriptor, "bundleId"));
            assertEquals("1.0.0", Reflect.call(descriptor, "bundleVersion"));

            String listing = framework.execute("provd:plugins");
            assertTrue(listing.matches("(?s)ID +BUNDLE +VERSION +EXTRACTOR +ASSOCIATOR +CONFIGURATOR\n"
                    + "digium-2\\.8\\.1 +provd\\.plugin\\.digium \\[\\d+] +\\S+ +yes +yes +yes\n"
                    + "test-1\\.0 +provd\\.it\\.testplugin \\[" + plugin.getBundleId() + "] +1\\.0\\.0 +yes +yes +yes\n"),
                    listing);

            try (InputStream in = Files.newInputStream(v2)) {
                plugin.update(in);
            }
            Await.until("test-1.0 replaced by test-2.0",
                    () -> pluginIds(registry).equals(List.of("digium-2.8.1", "test-2.0")),
                    () -> pluginIds(registry).toString());
            assertEquals(Set.of("ASSOCIATOR"), services(registry, "test-2.0"));
            assertTrue(framework.execute("provd:plugins").contains("2.0.0"));

            plugin.uninstall();
            Await.until("the test plugin gone", () -> pluginIds(registry).equals(List.of("digium-2.8.1")),
                    () -> pluginIds(registry).toString());
            assertFalse(framework.execute("provd:plugins").contains("test-"));
        }
    }

    private static List<String> pluginIds(Object registry) {
        return ((List<?>) Reflect.call(registry, "plugins")).stream()
                .map(descriptor -> (String) Reflect.call(descriptor, "id"))
                .collect(Collectors.toList());
    }

    private static Optional<?> descriptor(Object registry, String id) {
        return (Optional<?>) Reflect.call(registry, "plugin", id);
    }

    private static Set<String> services(Object registry, String id) {
        return descriptor(registry, id)
                .map(d -> ((Collection<?>) Reflect.call(d, "services")).stream().map(Object::toString)
                        .collect(Collectors.toCollection(TreeSet::new)))
                .map(s -> (Set<String>) s)
                .orElse(Set.of());
    }
}
