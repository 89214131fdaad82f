package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import provd.it.support.Await;
import provd.it.support.CoreApi;
import provd.it.support.InProcessFramework;
import provd.it.support.Reflect;
import provd.it.support.TestPluginBundle;

/**
 * The identification pipeline in a real framework, with a plugin bundle installed and uninstalled while it runs:
 * a device's first request creates, associates and configures it; a config change reconfigures it; the plugin's
 * departure leaves it unassociated.
 */
class ProvisioningIT {
    private static final String MAC = "00:0f:d3:aa:bb:cc";

    @TempDir
    Path dir;

    @Test
    void anUnknownPhoneIsCreatedAssociatedConfiguredReconfiguredAndLeftUnassociated() throws Exception {
        Path plugin = TestPluginBundle.v1(dir);
        try (InProcessFramework framework = InProcessFramework.start(dir)) {
            CoreApi core = new CoreApi(framework);
            Bundle bundle = framework.context().installBundle(plugin.toUri().toString());
            bundle.start();
            Object registry = framework.awaitService("provd.core.api.PluginRegistry");
            Await.until("plugin test-1.0 with its configurator", () -> ((Optional<?>) Reflect.call(registry, "plugin",
                    "test-1.0")).map(d -> (Boolean) Reflect.call(d, "isComplete")).orElse(false));

            Object route = core.routeHttp("10.1.2.3", "/Test/000fd3aabbcc.cfg");
            Path area = (Path) ((Optional<?>) Reflect.call(route, "fileArea")).orElseThrow();
            assertEquals(dir.resolve("data/plugins/test-1.0/var/tftpboot").toAbsolutePath(), area);
            Path file = area.resolve("Test/000fd3aabbcc.cfg");
            assertTrue(Files.readString(file).contains("ntp=127.0.0.1\n"), Files.readString(file));

            Map<String, Object> device = core.deviceByMac(MAC).orElseThrow();
            assertEquals("test-1.0", device.get("plugin"));
            assertEquals("auto", device.get("added"));
            assertEquals("10.1.2.3", device.get("ip"));
            assertEquals(true, device.get("configured"));
            String config = (String) device.get("config");
            assertTrue(config.matches("[0-9a-f]{32}"), config);

            // base is an ancestor of the device's config (a copy of autoprov)
            core.setRawConfigValue("base", "X_xivo_phonebook_ip", "10.9.9.9");
            Await.until("the device's file rendered again from the changed base config",
                    () -> read(file).contains("phonebook=10.9.9.9\n"), () -> read(file));

            bundle.uninstall();
            Await.until("the device to lose its plugin", () -> !core.deviceByMacUnchecked(MAC).containsKey("plugin"),
                    () -> core.deviceByMacUnchecked(MAC).toString());
            Map<String, Object> orphan = core.deviceByMac(MAC).orElseThrow();
            assertEquals(false, orphan.get("configured"));
            assertEquals(config, orphan.get("config"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
