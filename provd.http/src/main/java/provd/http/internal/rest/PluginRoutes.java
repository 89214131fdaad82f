package provd.http.internal.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import provd.core.api.NotFoundException;
import provd.core.api.PluginDescriptor;
import provd.core.api.PluginRegistry;

/**
 * {@code /pg_mgr}: the plugins present and their information ({@link RepositoryRoutes} has the install service,
 * {@code /pg_mgr/install}). Installing a plugin's packages needs the package manager, which is not there yet: those
 * routes answer 501 with a message, never a pretended success.
 */
final class PluginRoutes {
    private static final String BASE = "/pg_mgr";
    private static final String NOT_YET = "installing plugins and packages through the REST API is not available in "
            + "this version: deploy plugin bundles into <home>/deploy";

    private final PluginRegistry plugins;

    PluginRoutes(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    void addTo(Router router) {
        router.add("GET", BASE, "provd.pg_mgr.read", call -> RestResponse.ok(new Links()
                        .add(BASE + "/install", "srv.install").add(BASE + "/plugins", "pg.plugins")
                        .add(BASE + "/reload", "pg.reload").object()))
                .add("GET", BASE + "/plugins", "provd.pg_mgr.plugins.read", call -> {
                    Map<String, Object> all = new LinkedHashMap<>();
                    for (PluginDescriptor plugin : plugins.plugins()) {
                        all.put(plugin.id(), new Links().add(pluginPath(plugin.id()), "pg.plugin").object());
                    }
                    return RestResponse.ok(Map.of("plugins", all));
                })
                .add("GET", BASE + "/plugins/{plugin_id}", "provd.pg_mgr.plugins.{plugin_id}.read", call -> {
                    String id = existing(call.path("plugin_id")).id();
                    return RestResponse.ok(new Links().add(pluginPath(id) + "/info", "pg.info")
                            .add(pluginPath(id) + "/install", "srv.install").object());
                })
                .add("GET", BASE + "/plugins/{plugin_id}/info", "provd.pg_mgr.plugins.{plugin_id}.info.read",
                        this::info)
                .add("POST", BASE + "/reload", "provd.pg_mgr.reload.create", call -> {
                    String id = call.idMember();
                    existing(id);
                    plugins.reload(id);
                    return RestResponse.noContent();
                });
        addUnavailable(router, BASE + "/plugins/{plugin_id}/install", "provd.pg_mgr.plugins.{plugin_id}.install",
                "", "/install", "/uninstall", "/installable", "/installed", "/install/{operation_id}",
                "/upgrade/{operation_id}");
    }

    /**
     * The install service's routes below {@code base}, each answering 501: lists and operation statuses are read
     * with GET (an operation is also deleted), actions are POSTed.
     */
    private void addUnavailable(Router router, String base, String aclPrefix, String... routes) {
        for (String route : routes) {
            boolean operation = route.contains("{");
            boolean read = route.isEmpty() || route.equals("/installable") || route.equals("/installed")
                    || operation;
            String method = read ? "GET" : "POST";
            router.add(method, base + route, acl(aclPrefix, route, method), this::notYet);
            if (operation) {
                router.add("DELETE", base + route, "provd.operation.delete", this::notYet);
            }
        }
    }

    /** The spec's ACL of an install route: reads end in {@code .read}, actions in {@code .create}. */
    private static String acl(String prefix, String route, String method) {
        if (route.contains("{")) {
            return "provd.operation.read";
        }
        String name = route.isEmpty() ? "" : "." + route.substring(1);
        return prefix + name + (method.equals("GET") ? ".read" : ".create");
    }

    private RestResponse notYet(RestCall call) {
        throw new RestException(501, NOT_YET);
    }

    private PluginDescriptor existing(String id) {
        return plugins.plugin(id).orElseThrow(() -> new NotFoundException("no plugin '" + id + "'"));
    }

    private static String pluginPath(String id) {
        return BASE + "/plugins/" + id;
    }

    private RestResponse info(RestCall call) {
        PluginDescriptor plugin = existing(call.path("plugin_id"));
        Map<String, Object> info = plugins.info(plugin.id()).orElseGet(() -> {
            // a plugin bundle without a plugin-info document: what the framework knows of it
            Map<String, Object> known = new LinkedHashMap<>();
            known.put("version", plugin.bundleVersion());
            known.put("description", plugin.bundleSymbolicName());
            known.put("capabilities", Map.of());
            return known;
        });
        return RestResponse.ok(Map.of("plugin_info", info));
    }
}
