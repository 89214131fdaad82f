package provd.core.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an extractor could tell about a device from one request: vendor, model, firmware version, MAC, serial
 * number, UUID, IP. Every fact is optional. The keys are those of the device document, so facts can be merged into a
 * device as they are. Immutable.
 */
public final class DeviceInfo {
    public static final String VENDOR = "vendor";
    public static final String MODEL = "model";
    public static final String VERSION = "version";
    public static final String MAC = "mac";
    public static final String SERIAL_NUMBER = "sn";
    public static final String UUID = "uuid";
    public static final String IP = "ip";

    private static final DeviceInfo EMPTY = new DeviceInfo(Map.of());

    private final Map<String, String> facts;

    private DeviceInfo(Map<String, String> facts) {
        this.facts = facts;
    }

    /** Knows nothing. */
    public static DeviceInfo empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> vendor() {
        return get(VENDOR);
    }

    public Optional<String> model() {
        return get(MODEL);
    }

    public Optional<String> version() {
        return get(VERSION);
    }

    /** The MAC in lower-case colon form. */
    public Optional<String> mac() {
        return get(MAC);
    }

    public Optional<String> serialNumber() {
        return get(SERIAL_NUMBER);
    }

    public Optional<String> uuid() {
        return get(UUID);
    }

    public Optional<String> ip() {
        return get(IP);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(facts.get(key));
    }

    /** The facts known, keyed by device document key, in insertion order. */
    public Map<String, String> asMap() {
        return facts;
    }

    public boolean isEmpty() {
        return facts.isEmpty();
    }

    /** A builder holding these facts, to add or replace some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.facts.putAll(facts);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceInfo && ((DeviceInfo) o).facts.equals(facts);
    }

    @Override
    public int hashCode() {
        return facts.hashCode();
    }

    @Override
    public String toString() {
        return "DeviceInfo" + facts;
    }

    /** Builds a {@link DeviceInfo}; a {@code null} or blank value leaves the fact unknown. */
    public static final class Builder {
        private final Map<String, String> facts = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder vendor(String vendor) {
            return put(VENDOR, vendor);
        }

        public Builder model(String model) {
            return put(MODEL, model);
        }

        public Builder version(String version) {
            return put(VERSION, version);
        }

        /** @throws IllegalArgumentException when {@code mac} is not a MAC address */
        public Builder mac(String mac) {
            return mac == null || mac.isBlank() ? put(MAC, null) : mac(MacAddress.of(mac));
        }

        public Builder mac(MacAddress mac) {
            return put(MAC, mac == null ? null : mac.toString());
        }

        public Builder serialNumber(String serialNumber) {
            return put(SERIAL_NUMBER, serialNumber);
        }

        public Builder uuid(String uuid) {
            return put(UUID, uuid);
        }

        public Builder ip(String ip) {
            return put(IP, ip);
        }

        private Builder put(String key, String value) {
            Objects.requireNonNull(key, "key");
            if (value == null || value.isBlank()) {
                facts.remove(key);
            } else {
                facts.put(key, value.trim());
            }
            return this;
        }

        public DeviceInfo build() {
            return facts.isEmpty() ? EMPTY : new DeviceInfo(Collections.unmodifiableMap(new LinkedHashMap<>(facts)));
        }
    }
}
