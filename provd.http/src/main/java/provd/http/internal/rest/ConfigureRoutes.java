package provd.http.internal.rest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import provd.core.api.NotFoundException;
import provd.core.api.ServerParameters;
import provd.core.api.ServerParameters.Parameter;

/**
 * {@code /configure}: the server parameters. The tenants' {@code provisioning_key} is not supported: provd has no
 * tenants.
 */
final class ConfigureRoutes {
    private static final String BASE = "/configure";

    private final ServerParameters parameters;

    ConfigureRoutes(ServerParameters parameters) {
        this.parameters = parameters;
    }

    void addTo(Router router) {
        router.add("GET", BASE, "provd.configure.read", call -> {
            List<Map<String, Object>> all = new ArrayList<>();
            for (Parameter parameter : parameters.parameters()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", parameter.id());
                entry.put("description", parameter.description());
                entry.put("value", parameter.value().orElse(null));
                entry.put("links", new Links().add(BASE + "/" + parameter.id(), "srv.configure.param").list());
                all.add(entry);
            }
            return RestResponse.ok(Map.of("params", all));
        });
        router.add("GET", BASE + "/{param_id}", "provd.configure.{param_id}.read", call -> {
            Parameter parameter = existing(call.path("param_id"));
            Map<String, Object> value = new HashMap<>();
            value.put("value", parameter.value().orElse(null));
            return RestResponse.ok(Map.of("param", value));
        });
        // the spec spells this one's ACL in lower case
        router.add("PUT", BASE + "/" + ServerParameters.NAT, "provd.configure.nat.update", this::set);
        router.add("PUT", BASE + "/{param_id}", "provd.configure.{param_id}.update", this::set);
    }

    private RestResponse set(RestCall call) {
        Parameter parameter = existing(call.pathParameters().getOrDefault("param_id", ServerParameters.NAT));
        Object value = call.member("param").get("value");
        if (value != null && !(value instanceof String)) {
            throw RestException.badRequest("\"value\" must be a string or null, not " + Json.describe(value));
        }
        parameters.set(parameter.id(), (String) value);
        return RestResponse.noContent();
    }

    private Parameter existing(String id) {
        return parameters.parameter(id).orElseThrow(() -> new NotFoundException("no parameter '" + id + "'"));
    }
}
