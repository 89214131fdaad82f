package provd.http.internal.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routes of the REST API: a method, a path template whose {@code {name}} segments match one decoded segment
 * each, the ACL a caller needs (the same template, filled in) and what answers.
 */
final class Router {
    /** What answers a route. */
    @FunctionalInterface
    interface Action {
        RestResponse answer(RestCall call);
    }

    /** @param acl the ACL needed, with the path's {@code {name}}s; {@code null} when the route is public */
    record Route(String method, List<String> template, String acl, Action action) {
        Optional<Map<String, String>> match(List<String> segments) {
            if (segments.size() != template.size()) {
                return Optional.empty();
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < template.size(); i++) {
                String expected = template.get(i);
                if (expected.startsWith("{") && expected.endsWith("}")) {
                    if (segments.get(i).isEmpty()) {
                        return Optional.empty();
                    }
                    parameters.put(expected.substring(1, expected.length() - 1), segments.get(i));
                } else if (!expected.equals(segments.get(i))) {
                    return Optional.empty();
                }
            }
            return Optional.of(parameters);
        }

        /** The ACL for these parameters: {@code provd.dev_mgr.devices.{device_id}.read} → {@code ...devices.ab12.read}. */
        String aclFor(Map<String, String> parameters) {
            String filled = acl;
            for (Map.Entry<String, String> p : parameters.entrySet()) {
                filled = filled.replace("{" + p.getKey() + "}", p.getValue());
            }
            return filled;
        }
    }

    /** A route found for a request, with its parameters. */
    record Match(Route route, Map<String, String> parameters) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String path, String acl, Action action) {
        routes.add(new Route(method, segments(path), acl, action));
        return this;
    }

    /**
     * The route for a request: empty when no route has this path; a route with a {@code null} action when the path
     * exists but not for this method (the methods it has are in {@link #methods}).
     */
    Optional<Match> find(String method, List<String> segments) {
        for (Route route : routes) {
            if (route.method().equals(method)) {
                Optional<Map<String, String>> parameters = route.match(segments);
                if (parameters.isPresent()) {
                    return Optional.of(new Match(route, parameters.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** The methods some route answers for this path; empty when the path is unknown. */
    Set<String> methods(List<String> segments) {
        Set<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (route.match(segments).isPresent()) {
                methods.add(route.method());
            }
        }
        return methods;
    }

    /** {@code /a/b/} → {@code [a, b]}: a trailing slash is ignored, an empty segment inside is kept (and matches nothing). */
    static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
    }
}
