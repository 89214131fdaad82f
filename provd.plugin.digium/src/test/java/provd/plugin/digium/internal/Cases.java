package provd.plugin.digium.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import provd.core.api.Device;
import provd.core.api.RawConfig;
import provd.core.internal.config.RawConfigDefaults;

/** Test inputs: {@code {"device": {...}, "raw_config": {...}}} documents from the test resources. */
final class Cases {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Cases() {
    }

    record Input(Device device, RawConfig rawConfig) {
        /** The raw config as the core hands it to plugins, its defaults filled in. */
        Input withCoreDefaults() {
            return new Input(device, RawConfig.of(RawConfigDefaults.apply(rawConfig.asMap())));
        }
    }

    static Input input(String resource) {
        Map<String, Map<String, Object>> doc = JSON.convertValue(json(resource),
                new TypeReference<Map<String, Map<String, Object>>>() { });
        return new Input(Device.of(doc.get("device")), RawConfig.of(doc.get("raw_config")));
    }

    static Object json(String resource) {
        try (InputStream in = stream(resource)) {
            return JSON.readValue(in, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String resource) {
        try (InputStream in = stream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(String resource) {
        InputStream in = Cases.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        return in;
    }
}
