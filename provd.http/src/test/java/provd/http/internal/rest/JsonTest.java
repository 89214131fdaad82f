package provd.http.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
    private final Json json = new Json();

    private Map<String, Object> parse(String body) {
        return json.parseObject(body.getBytes(StandardCharsets.UTF_8));
    }

    private RestException refused(String body) {
        RestException e = assertThrows(RestException.class, () -> parse(body));
        assertEquals(400, e.status());
        return e;
    }

    @Test
    void anObject() {
        Map<String, Object> object = parse("{\"device\": {\"mac\": \"00:11:22:33:44:55\", \"lines\": [1, 2.5]},"
                + " \"on\": true, \"none\": null}");
        assertEquals(Map.of("mac", "00:11:22:33:44:55", "lines", List.of(1, 2.5)), object.get("device"));
        assertEquals(true, object.get("on"));
        assertTrue(object.containsKey("none"));
        assertEquals(List.of("device", "on", "none"), List.copyOf(object.keySet()), "in the order sent");
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        RestException e = refused("{\n  \"a\": 1,\n  \"b\" 2\n}");
        assertTrue(e.getMessage().startsWith("malformed JSON: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" at line 3, column 7"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"password\": \"hunter2\"",
        "{\"password\": \"hunter2\",}",
        "{\"password\": hunter2}",
        "{\"user\": \"a\", \"password\": s3cr3t-hunter2}",
        "{\"password\": \"hunter2\"} hunter2",
        "{\"password\": \"hunter2\"}\n{\"password\": \"hunter2\"}",
        "password=hunter2",
        "hunter2",
        "{\"password\": \"hunter2\\q\"}",
        "{\"password\": \"hunter2\n\"}",
        "{\"password\" \"hunter2\"}",
        "{\"password\": [\"hunter2\" \"x\"]}"})
    void theMessageNeverEchoesTheBody(String body) {
        RestException e = refused(body);
        assertTrue(e.getMessage().startsWith("malformed JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void trailingTokensAreRefused() {
        assertTrue(refused("{\"a\": 1} {\"b\": 2}").getMessage().contains("line 1"));
        refused("{\"a\": 1}]");
        refused("{\"a\": 1} 2");
        assertEquals(Map.of("a", 1), parse("  {\"a\": 1}  \n"), "blanks around are fine");
    }

    @Test
    void duplicateKeysAreRefused() {
        RestException e = refused("{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}");
        assertTrue(e.getMessage().contains("Duplicate field 'c'"), e.getMessage());
        refused("{\"password\": \"x\", \"password\": \"y\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1, 2]|an array",
        "\"text\"|a string",
        "42|a number",
        "1.5|a number",
        "true|a boolean",
        "null|null"})
    void nonObjectBodiesAreRefused(String body, String described) {
        assertEquals("the body must be a JSON object, not " + described, refused(body).getMessage());
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertEquals("the request has no body: a JSON object is expected", refused("").getMessage());
    }

    @Test
    void anUnrecognizedTokenIsNamedWithoutQuotingIt() {
        assertEquals("malformed JSON: Unrecognized token: was expecting (JSON String, Number, Array, Object or token"
                + " 'null', 'true' or 'false') at line 1, column 22", refused("{\"password\": hunter2}").getMessage());
    }

    @Test
    void aQueryParameterValue() {
        assertEquals(Map.of("mac", "00:11"), json.parse("{\"mac\": \"00:11\"}", "q"));
        assertEquals(List.of(1), json.parse("[1]", "q"));
        RestException e = assertThrows(RestException.class, () -> json.parse("{\"mac\": secret1}", "q"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("q is not valid JSON: "), e.getMessage());
        assertFalse(e.getMessage().contains("secret1"), e.getMessage());
    }

    @Test
    void writesJson() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", "ab12");
        value.put("list", List.of(1, "x", true));
        value.put("none", null);
        assertEquals("{\"id\":\"ab12\",\"list\":[1,\"x\",true],\"none\":null}",
                new String(json.write(value), StandardCharsets.UTF_8));
    }

    @Test
    void membersOfAnObject() {
        Map<String, Object> body = parse("{\"device\": {\"id\": \"x\"}, \"id\": \"ab\", \"n\": 1}");
        assertEquals(Map.of("id", "x"), Json.object(body, "device"));
        assertEquals("ab", Json.string(body, "id"));
        assertEquals("missing \"config\" object", assertThrows(RestException.class,
                () -> Json.object(body, "config")).getMessage());
        assertEquals("\"id\" must be a JSON object, not a string", assertThrows(RestException.class,
                () -> Json.object(body, "id")).getMessage());
        assertEquals("missing \"op\"", assertThrows(RestException.class, () -> Json.string(body, "op")).getMessage());
        assertEquals("\"n\" must be a string, not a number", assertThrows(RestException.class,
                () -> Json.string(body, "n")).getMessage());
    }
}
