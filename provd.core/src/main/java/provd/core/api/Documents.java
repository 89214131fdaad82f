package provd.core.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Deep, unmodifiable copies of JSON-shaped values (maps, lists, strings, numbers, booleans, null). */
final class Documents {
    private Documents() {
    }

    static Map<String, Object> freeze(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                throw new IllegalArgumentException("not a JSON object key: " + entry.getKey());
            }
            copy.put((String) entry.getKey(), freezeValue(entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * {@code frozen} (itself a result of {@link #freeze}) with {@code key} set to {@code value}, or removed when it is
     * {@code null}; only the new value is copied.
     */
    static Map<String, Object> with(Map<String, Object> frozen, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(frozen);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(Objects.requireNonNull(key, "key"), freezeValue(value));
        }
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value instanceof Map) {
            return freeze((Map<String, ?>) value);
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            for (Object element : (List<?>) value) {
                copy.add(freezeValue(element));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value == null || value instanceof String || value instanceof Boolean || isImmutableJsonNumber(value)) {
            return value;
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName() + " " + value);
    }

    /** The JDK's immutable number types, finite: mutable ones (AtomicInteger...) would leak changes in. */
    private static boolean isImmutableJsonNumber(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return Double.isFinite(((Number) value).doubleValue());
        }
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal;
    }
}
