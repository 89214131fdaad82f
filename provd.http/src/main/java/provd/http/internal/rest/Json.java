package provd.http.internal.rest;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON in and out of the REST API, with errors that name the problem and never echo the document. */
final class Json {
    private final ObjectReader reader;
    private final ObjectWriter writer;

    Json() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // a body may hold passwords: no excerpt of it in error messages
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        this.reader = mapper.readerFor(Object.class);
        this.writer = mapper.writer();
    }

    /** Parses a body that must be a JSON object. */
    Map<String, Object> parseObject(byte[] body) {
        if (body.length == 0) {
            throw RestException.badRequest("the request has no body: a JSON object is expected");
        }
        Object value = parse(body);
        if (!(value instanceof Map<?, ?>)) {
            throw RestException.badRequest("the body must be a JSON object, not " + describe(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }

    /** Parses a JSON value given in a query parameter ({@code q}). */
    Object parse(String text, String what) {
        try {
            return reader.readValue(text);
        } catch (JsonProcessingException e) {
            throw RestException.badRequest(what + " is not valid JSON: " + message(e));
        } catch (IOException e) {
            throw RestException.badRequest(what + " is not valid JSON");
        }
    }

    private Object parse(byte[] body) {
        try {
            return reader.readValue(body);
        } catch (JsonProcessingException e) {
            throw RestException.badRequest("malformed JSON: " + message(e));
        } catch (IOException e) {
            throw RestException.badRequest("malformed JSON");
        }
    }

    byte[] write(Object value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response as JSON", e);
        }
    }

    private static String message(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        // Jackson quotes the offending token itself (up to 256 characters of the body, an unquoted password)
        message = message.replaceFirst("^Unrecognized token '[^']*'", "Unrecognized token");
        return location == null ? message
                : message + " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The object under {@code key}: 400 when missing or of another type. */
    static Map<String, Object> object(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map<?, ?>)) {
            throw RestException.badRequest(value == null ? "missing \"" + key + "\" object"
                    : "\"" + key + "\" must be a JSON object, not " + describe(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }

    /** The string under {@code key}: 400 when missing or of another type. */
    static String string(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof String s)) {
            throw RestException.badRequest(value == null ? "missing \"" + key + "\""
                    : "\"" + key + "\" must be a string, not " + describe(value));
        }
        return s;
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof Map<?, ?>) {
            return "an object";
        } else if (value instanceof java.util.List<?>) {
            return "an array";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Number) {
            return "a number";
        }
        return value.getClass().getSimpleName();
    }
}
