package provd.http.internal.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The link objects of wazo-provd's resources: {@code {"links": [{"href": ..., "rel": ...}]}}. */
final class Links {
    /** Where the API is rooted. */
    static final String ROOT = "/provd";

    private final List<Map<String, String>> links = new ArrayList<>();

    /** @param path below {@link #ROOT}, starting with {@code /} */
    Links add(String path, String rel) {
        Map<String, String> link = new LinkedHashMap<>();
        link.put("href", ROOT + path);
        link.put("rel", rel);
        links.add(link);
        return this;
    }

    List<Map<String, String>> list() {
        return List.copyOf(links);
    }

    Map<String, Object> object() {
        return Map.of("links", list());
    }
}
