package provd.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class QueryTest {

    private static Map<String, Object> doc(Object... keysAndValues) {
        Map<String, Object> doc = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            doc.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return doc;
    }

    private static List<Object> values(List<Map<String, Object>> docs, String key) {
        return docs.stream().map(d -> d.get(key)).collect(Collectors.toList());
    }

    private static List<Map<String, Object>> apply(Query query, List<Map<String, Object>> docs) {
        return query.apply(docs, Function.identity());
    }

    @Test
    void theSelectorMatchesEqualValues() {
        Query query = Query.where("vendor", "Digium").and(Map.of("model", "D40"));

        assertTrue(query.matches(doc("vendor", "Digium", "model", "D40", "ip", "10.0.0.1")));
        assertFalse(query.matches(doc("vendor", "Digium", "model", "D60")));
        assertFalse(query.matches(doc("vendor", "Digium")));
        assertTrue(Query.all().matches(doc()));
        assertTrue(Query.where("configured", true).matches(doc("configured", true)));
        assertFalse(Query.where("configured", true).matches(doc("configured", "true")));
    }

    @Test
    void aNullValueMatchesAnAbsentKey() {
        Query query = Query.where(Collections.singletonMap("plugin", null));

        assertTrue(query.matches(doc("id", "a")));
        assertTrue(query.matches(doc("id", "a", "plugin", null)));
        assertFalse(query.matches(doc("id", "a", "plugin", "digium-2.8.1")));
    }

    @Test
    void sortsBothWaysWithAbsentValuesLast() {
        List<Map<String, Object>> docs = List.of(doc("id", "b", "model", "M2"), doc("id", "none"),
                doc("id", "c", "model", "M3"), doc("id", "a", "model", "M1"));

        assertEquals(Arrays.asList("M1", "M2", "M3", null),
                values(apply(Query.all().sort("model", Query.Order.ASC), docs), "model"));
        assertEquals(Arrays.asList("M3", "M2", "M1", null),
                values(apply(Query.all().sort("model", Query.Order.DESC), docs), "model"));
    }

    @Test
    void numbersCompareNumerically() {
        List<Map<String, Object>> docs = List.of(doc("n", 10), doc("n", 9L), doc("n", 9.5), doc("n", 100));

        assertEquals(List.of(9L, 9.5, 10, 100), values(apply(Query.all().sort("n", Query.Order.ASC), docs), "n"));
        assertEquals(List.of(100, 10, 9.5, 9L), values(apply(Query.all().sort("n", Query.Order.DESC), docs), "n"));
    }

    @Test
    void skipAndLimitPageTheSortedMatches() {
        List<Map<String, Object>> docs = List.of(doc("n", 3, "k", "x"), doc("n", 1, "k", "x"),
                doc("n", 2, "k", "y"), doc("n", 4, "k", "x"), doc("n", 5, "k", "x"));
        Query xs = Query.where("k", "x").sort("n", Query.Order.ASC);

        assertEquals(List.of(3, 4), values(apply(xs.skip(1).limit(2), docs), "n"));
        assertEquals(List.of(1, 3, 4, 5), values(apply(xs.limit(0), docs), "n"), "0: no limit");
        assertEquals(List.of(5), values(apply(xs.skip(3).limit(10), docs), "n"));
        assertEquals(List.of(), apply(xs.skip(10), docs));
        assertThrows(IllegalArgumentException.class, () -> xs.skip(-1));
        assertThrows(IllegalArgumentException.class, () -> xs.limit(-1));
    }

    @Test
    void fieldsProjectEachDocument() {
        Query query = Query.all().fields(List.of("id", "mac", "missing"));

        assertEquals(Map.of("id", "a", "mac", "00:11:22:33:44:55"),
                query.project(doc("id", "a", "mac", "00:11:22:33:44:55", "ip", "10.0.0.1")));
        Map<String, Object> whole = doc("id", "a", "ip", "10.0.0.1");
        assertEquals(whole, Query.all().project(whole));
    }

    @Test
    void selectorSortAndPagingCombine() {
        List<Map<String, Object>> docs = List.of(doc("v", "D", "m", "b"), doc("v", "A", "m", "z"),
                doc("v", "D", "m", "a"), doc("v", "D"), doc("v", "D", "m", "c"));

        List<Map<String, Object>> page = apply(Query.where("v", "D").sort("m", Query.Order.DESC).skip(1).limit(3),
                docs);

        assertEquals(Arrays.asList("b", "a", null), values(page, "m"));
    }
}
