package provd.http.internal.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: a status, a JSON body (or none) and extra headers.
 *
 * @param body a value Jackson writes (maps, lists, strings, numbers), or {@code null} for no body
 * @param text a body that is not JSON (the metrics), with {@code contentType}; {@code null} otherwise
 */
record RestResponse(int status, Object body, String text, String contentType, Map<String, String> headers) {

    RestResponse {
        headers = Map.copyOf(headers);
    }

    static RestResponse ok(Object body) {
        return new RestResponse(200, Objects.requireNonNull(body, "body"), null, null, Map.of());
    }

    static RestResponse noContent() {
        return new RestResponse(204, null, null, null, Map.of());
    }

    /** 201 with the {@code Location} of what was created, and an optional body. */
    static RestResponse created(String location, Object body) {
        return new RestResponse(201, body, null, null, Map.of("Location", location));
    }

    static RestResponse text(int status, String text, String contentType) {
        return new RestResponse(status, null, text, contentType, Map.of());
    }

    RestResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new RestResponse(status, body, text, contentType, more);
    }
}
