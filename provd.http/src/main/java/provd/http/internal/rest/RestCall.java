package provd.http.internal.rest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One REST request as a route sees it: the path parameters, the query parameters and the body, parsed on demand.
 *
 * @param pathParameters the {@code {name}} segments of the route, decoded
 * @param query          the query parameters; the first value of each
 * @param body           the request body, at most the size the server accepts; empty array when none
 */
record RestCall(Map<String, String> pathParameters, Map<String, String> query, byte[] body, Json json) {

    String path(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no parameter " + name);
        }
        return value;
    }

    Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    /** The body as a JSON object: 400 naming the problem when it is not one. */
    Map<String, Object> jsonBody() {
        return json.parseObject(body);
    }

    /** The object under {@code key} of the body ({@code {"device": {...}}}): 400 when missing or not an object. */
    Map<String, Object> member(String key) {
        return Json.object(jsonBody(), key);
    }

    /** The string {@code id} of an {@code {"id": "..."}} body. */
    String idMember() {
        return Json.string(jsonBody(), "id");
    }

    /** Comma-separated values of a query parameter ({@code fields=mac,ip}). */
    List<String> queryList(String name) {
        return query(name).map(v -> List.of(v.split(",", -1)).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }
}
