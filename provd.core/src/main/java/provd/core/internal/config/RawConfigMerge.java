package provd.core.internal.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The merge of raw configs along inheritance: objects merge key by key, recursively; other values replace. */
final class RawConfigMerge {
    private RawConfigMerge() {
    }

    /** {@code base} overlaid with {@code top}, as a new map; neither input changes. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, ?> base, Map<String, ?> top) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        top.forEach((key, value) -> {
            Object under = merged.get(key);
            if (value instanceof Map && under instanceof Map) {
                merged.put(key, merge((Map<String, Object>) under, (Map<String, Object>) value));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
