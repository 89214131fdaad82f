package provd.http.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import provd.core.api.Query;

class QueriesTest {
    private static Query from(String... keysAndValues) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            query.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Queries.from(new RestCall(Map.of(), query, new byte[0], new Json()));
    }

    private static String refused(String... keysAndValues) {
        RestException e = assertThrows(RestException.class, () -> from(keysAndValues));
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void noParametersFindAll() {
        Query query = from();
        assertEquals(Map.of(), query.selector());
        assertEquals(List.of(), query.fields());
        assertEquals(0, query.skip());
        assertEquals(0, query.limit());
        assertEquals(Optional.empty(), query.sortKey());
    }

    @Test
    void everyParameter() {
        Query query = from("q", "{\"vendor\": \"Digium\", \"configured\": true}", "fields", "mac, ip,,id",
                "skip", "5", "limit", "10", "sort", "mac", "sort_ord", "DESC");
        assertEquals(Map.of("vendor", "Digium", "configured", true), query.selector());
        assertEquals(List.of("mac", "ip", "id"), query.fields());
        assertEquals(5, query.skip());
        assertEquals(10, query.limit());
        assertEquals(Optional.of("mac"), query.sortKey());
        assertEquals(Query.Order.DESC, query.order());
    }

    @Test
    void sortIsAscendingByDefaultAndSortOrdAloneDoesNothing() {
        assertEquals(Query.Order.ASC, from("sort", "ip").order());
        Query query = from("sort_ord", "DESC");
        assertEquals(Optional.empty(), query.sortKey());
        assertEquals(0, from("skip", "", "limit", "").skip(), "an empty value is no value");
    }

    @ParameterizedTest
    @CsvSource({"skip, -1", "skip, abc", "skip, 1.5", "skip, 99999999999", "limit, -3", "limit, 0x10",
            "limit, ' 1'"})
    void skipAndLimitMustBeNonNegativeIntegers(String name, String value) {
        assertEquals(name + " must be a non-negative integer, not " + value, refused(name, value));
    }

    @ParameterizedTest
    @CsvSource({"desc", "ascending", "Asc", "1"})
    void sortOrdMustBeAscOrDesc(String order) {
        assertEquals("sort_ord must be ASC or DESC, not " + order, refused("sort", "mac", "sort_ord", order));
    }

    @Test
    void qMustBeAJsonObject() {
        assertEquals("q must be a JSON object, not an array", refused("q", "[1]"));
        assertEquals("q must be a JSON object, not a string", refused("q", "\"mac\""));
        String malformed = refused("q", "{\"mac\": ");
        assertEquals(true, malformed.startsWith("q is not valid JSON: "), malformed);
    }
}
