package provd.http.internal.rest;

import java.util.Map;

import provd.core.api.Query;

/** wazo-provd's search parameters ({@code q}, {@code fields}, {@code skip}, {@code limit}, {@code sort}, {@code sort_ord}) as a {@link Query}. */
final class Queries {
    private Queries() {
    }

    static Query from(RestCall call) {
        Query query = Query.all();
        if (call.query("q").isPresent()) {
            Object selector = call.json().parse(call.query("q").get(), "q");
            if (!(selector instanceof Map<?, ?> map)) {
                throw RestException.badRequest("q must be a JSON object, not " + Json.describe(selector));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            query = Query.where(typed);
        }
        if (!call.queryList("fields").isEmpty()) {
            query = query.fields(call.queryList("fields"));
        }
        query = query.skip(count(call, "skip")).limit(count(call, "limit"));
        if (call.query("sort").isPresent()) {
            String order = call.query("sort_ord").orElse("ASC");
            Query.Order sortOrder;
            try {
                sortOrder = Query.Order.valueOf(order);
            } catch (IllegalArgumentException e) {
                throw RestException.badRequest("sort_ord must be ASC or DESC, not " + order);
            }
            query = query.sort(call.query("sort").get(), sortOrder);
        }
        return query;
    }

    private static int count(RestCall call, String name) {
        String value = call.query(name).orElse("0");
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw RestException.badRequest(name + " must be a non-negative integer, not " + value);
    }
}
