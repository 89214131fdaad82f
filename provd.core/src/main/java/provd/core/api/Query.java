package provd.core.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A search for documents, as the REST API's {@code q}, {@code fields}, {@code skip}, {@code limit}, {@code sort} and
 * {@code sort_ord} parameters express it: documents whose keys equal the selector's values (a {@code null} value
 * matches a document without that key), sorted, then paged, each cut down to the fields asked for. Immutable.
 */
public final class Query {
    /** Sort direction. */
    public enum Order {
        ASC, DESC
    }

    private static final Query ALL = new Query(Map.of(), List.of(), 0, 0, null, Order.ASC);

    private final Map<String, Object> selector;
    private final List<String> fields;
    private final int skip;
    private final int limit;
    private final String sortKey;
    private final Order order;

    private Query(Map<String, Object> selector, List<String> fields, int skip, int limit, String sortKey,
            Order order) {
        this.selector = selector;
        this.fields = fields;
        this.skip = skip;
        this.limit = limit;
        this.sortKey = sortKey;
        this.order = order;
    }

    /** Every document, whole, in no particular order. */
    public static Query all() {
        return ALL;
    }

    /** The documents whose keys equal {@code selector}'s values. */
    public static Query where(Map<String, ?> selector) {
        return ALL.and(selector);
    }

    /** The documents whose {@code key} equals {@code value}. */
    public static Query where(String key, Object value) {
        Map<String, Object> selector = new LinkedHashMap<>();
        selector.put(key, value);
        return where(selector);
    }

    /** This query, also requiring {@code selector}'s keys to match. */
    public Query and(Map<String, ?> selector) {
        Map<String, Object> merged = new LinkedHashMap<>(this.selector);
        merged.putAll(Objects.requireNonNull(selector, "selector"));
        return new Query(Collections.unmodifiableMap(merged), fields, skip, limit, sortKey, order);
    }

    /** Only these keys of each document (all when empty). */
    public Query fields(List<String> fields) {
        return new Query(selector, List.copyOf(fields), skip, limit, sortKey, order);
    }

    /** Leaves out the first {@code skip} matches. */
    public Query skip(int skip) {
        if (skip < 0) {
            throw new IllegalArgumentException("skip must not be negative: " + skip);
        }
        return new Query(selector, fields, skip, limit, sortKey, order);
    }

    /** At most {@code limit} documents; 0 means no limit. */
    public Query limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return new Query(selector, fields, skip, limit, sortKey, order);
    }

    /** Sorted by the value of {@code key}; documents without it come last. */
    public Query sort(String key, Order order) {
        return new Query(selector, fields, skip, limit, Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(order, "order"));
    }

    public Map<String, Object> selector() {
        return selector;
    }

    public List<String> fields() {
        return fields;
    }

    public int skip() {
        return skip;
    }

    public int limit() {
        return limit;
    }

    public Optional<String> sortKey() {
        return Optional.ofNullable(sortKey);
    }

    public Order order() {
        return order;
    }

    /** Whether {@code document} matches the selector; numbers match by value (1 matches 1L and 1.0). */
    public boolean matches(Map<String, Object> document) {
        for (Map.Entry<String, Object> criterion : selector.entrySet()) {
            if (!sameValue(document.get(criterion.getKey()), criterion.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return Objects.equals(a, b);
    }

    /** {@code document} cut down to the fields asked for. */
    public Map<String, Object> project(Map<String, Object> document) {
        if (fields.isEmpty()) {
            return document;
        }
        Map<String, Object> projected = new LinkedHashMap<>();
        for (String field : fields) {
            if (document.containsKey(field)) {
                projected.put(field, document.get(field));
            }
        }
        return projected;
    }

    /** Applies the selector, sort, skip and limit to {@code documents} (not the projection). */
    public <T> List<T> apply(List<T> documents, Function<T, Map<String, Object>> asMap) {
        List<T> matching = new ArrayList<>();
        for (T document : documents) {
            if (matches(asMap.apply(document))) {
                matching.add(document);
            }
        }
        if (sortKey != null) {
            Comparator<T> bySortKey = (a, b) -> compareValues(asMap.apply(a).get(sortKey),
                    asMap.apply(b).get(sortKey), order);
            matching.sort(bySortKey);
        }
        int from = Math.min(skip, matching.size());
        int to = limit == 0 ? matching.size() : Math.min(matching.size(), from + limit);
        return new ArrayList<>(matching.subList(from, to));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b, Order order) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1; // absent values last, whatever the order
        }
        int c;
        if (a instanceof Number && b instanceof Number) {
            c = Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        } else if (a instanceof Comparable && a.getClass() == b.getClass()) {
            c = ((Comparable) a).compareTo(b);
        } else {
            c = a.toString().compareTo(b.toString());
        }
        return order == Order.ASC ? c : -c;
    }

    @Override
    public String toString() {
        return "Query[selector=" + selector.keySet() + ", fields=" + fields + ", skip=" + skip + ", limit=" + limit
                + ", sort=" + sortKey + " " + order + "]";
    }
}
