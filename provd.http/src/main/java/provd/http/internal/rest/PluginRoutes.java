package provd.http.internal.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import provd.core.api.NotFoundException;
import provd.core.api.PluginDescriptor;
import provd.core.api.PluginRegistry;

/**
 * {@code /pg_mgr}: the plugins present and their information. {@link RepositoryRoutes} has the install service
 * ({@code /pg_mgr/install}), {@link PackageRoutes} each plugin's firmware packages
 * ({@code /pg_mgr/plugins/{plugin_id}/install}).
 */
final class PluginRoutes {
    private static final String BASE = "/pg_mgr";

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
