package provd.it.support;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;

/**
 * provd.core's API as seen from outside the framework: its classes are the core bundle's, which the tests reach by
 * name (see {@link Reflect}).
 */
public final class CoreApi {
    private final Bundle core;
    private final Object provisioning;
    private final Object devices;
    private final Object configs;

    public CoreApi(InProcessFramework framework) {
        this.core = framework.bundle("provd.core");
        this.provisioning = framework.awaitService("provd.core.api.ProvisioningService");
        this.devices = framework.awaitService("provd.core.api.DeviceManager");
        this.configs = framework.awaitService("provd.core.api.ConfigManager");
    }

    /** Routes an HTTP request for {@code path} from {@code client}; returns the ProvisioningRoute. */
    public Object routeHttp(String client, String path) throws Exception {
        Class<?> type = core.loadClass("provd.core.api.RequestType");
        Object http = type.getField("HTTP").get(null);
        Object builder = Reflect.callStatic(core.loadClass("provd.core.api.ProvisioningRequest"), "builder", http,
                InetAddress.getByName(client));
        Reflect.call(builder, "path", path);
        return Reflect.call(provisioning, "route", Reflect.call(builder, "build"));
    }

    /** The device document with this MAC, if any. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> deviceByMac(String mac) throws Exception {
        Object query = Reflect.callStatic(core.loadClass("provd.core.api.Query"), "where", "mac", mac);
        List<?> found = (List<?>) Reflect.call(devices, "find", query);
        return found.isEmpty() ? Optional.empty()
                : Optional.of((Map<String, Object>) Reflect.call(found.get(0), "asMap"));
    }

    /** {@link #deviceByMac}, for polling: an empty map when there is no such device. */
    public Map<String, Object> deviceByMacUnchecked(String mac) {
        try {
            return deviceByMac(mac).orElse(Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a config document; returns its id. */
    public String addConfig(Map<String, Object> document) throws Exception {
        Object config = Reflect.callStatic(core.loadClass("provd.core.api.Config"), "of", document);
        return ((Optional<?>) Reflect.call(Reflect.call(configs, "add", config), "id")).orElseThrow().toString();
    }

    /** Sets a key of the device with this MAC. */
    public void setDeviceValue(String mac, String key, Object value) throws Exception {
        Map<String, Object> document = new LinkedHashMap<>(deviceByMac(mac).orElseThrow());
        document.put(key, value);
        Reflect.call(devices, "update", Reflect.callStatic(core.loadClass("provd.core.api.Device"), "of", document));
    }

    /** Replaces a key of a config's raw_config. */
    @SuppressWarnings("unchecked")
    public void setRawConfigValue(String configId, String key, Object value) throws Exception {
        Object config = ((Optional<?>) Reflect.call(configs, "get", configId)).orElseThrow();
        Map<String, Object> raw = new LinkedHashMap<>((Map<String, Object>) Reflect.call(config, "rawConfig"));
        raw.put(key, value);
        Reflect.call(configs, "update", Reflect.call(config, "with", "raw_config", raw));
    }
}
