package provd.core.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's resolved raw configuration: the server's base values, its config's ancestors and its own
 * {@code raw_config} merged, with the core's defaults filled in. This is what a plugin renders a phone's files
 * from. Keys are those of wazo-provd ({@code sip_lines}, {@code sip_proxy_ip}, {@code locale}, {@code X_*}, ...).
 * Immutable.
 */
public final class RawConfig extends JsonDocument {
    private RawConfig(Map<String, Object> values) {
        super(values);
    }

    /** A raw config holding a copy of {@code values}, whose values must be JSON-shaped. */
    public static RawConfig of(Map<String, ?> values) {
        return new RawConfig(Documents.freeze(Objects.requireNonNull(values, "values")));
    }

    /** A nested object such as {@code sip_lines}; empty when absent or not an object. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> object(String key) {
        Object value = document.get(key);
        return value instanceof Map ? Optional.of((Map<String, Object>) value) : Optional.empty();
    }

    @Override
    public String toString() {
        // Raw configs hold passwords: never print their values.
        return "RawConfig" + document.keySet();
    }
}
