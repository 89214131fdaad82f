package provd.http.internal.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import provd.core.api.Config;
import provd.core.api.ConfigManager;
import provd.core.api.ConflictException;
import provd.core.api.NotFoundException;

/** {@code /cfg_mgr}: configs, their resolved raw configs, and autocreate. */
final class ConfigRoutes {
    private static final String BASE = "/cfg_mgr";

    private final ConfigManager configs;

    ConfigRoutes(ConfigManager configs) {
        this.configs = configs;
    }

    void addTo(Router router) {
        router.add("GET", BASE, "provd.cfg_mgr.read", call -> RestResponse.ok(new Links()
                        .add(BASE + "/configs", "cfg.configs").add(BASE + "/autocreate", "cfg.autocreate").object()))
                .add("GET", BASE + "/configs", "provd.cfg_mgr.configs.read", this::find)
                .add("POST", BASE + "/configs", "provd.cfg_mgr.configs.create", this::add)
                .add("GET", BASE + "/configs/{config_id}", "provd.cfg_mgr.configs.{config_id}.read",
                        call -> RestResponse.ok(Map.of("config", existing(call.path("config_id")).asMap())))
                .add("PUT", BASE + "/configs/{config_id}", "provd.cfg_mgr.configs.{config_id}.update", this::update)
                .add("DELETE", BASE + "/configs/{config_id}", "provd.cfg_mgr.configs.{config_id}.delete",
                        this::remove)
                .add("GET", BASE + "/configs/{config_id}/raw", "provd.cfg_mgr.configs.{config_id}.raw.read",
                        call -> RestResponse.ok(Map.of("raw_config",
                                configs.rawConfig(existing(call.path("config_id")).id().orElseThrow()).asMap())))
                .add("POST", BASE + "/autocreate", "provd.cfg_mgr.autocreate.create", call -> {
                    String id = configs.autocreate().id().orElseThrow();
                    return RestResponse.created(location(id), Map.of("id", id));
                });
    }

    private Config existing(String id) {
        return configs.get(id).orElseThrow(() -> new NotFoundException("no config '" + id + "'"));
    }

    private static String location(String id) {
        return Links.ROOT + BASE + "/configs/" + id;
    }

    private RestResponse find(RestCall call) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Config config : configs.find(Queries.from(call))) {
            found.add(config.asMap());
        }
        return RestResponse.ok(Map.of("configs", found));
    }

    private RestResponse add(RestCall call) {
        String id = configs.add(Config.of(call.member("config"))).id().orElseThrow();
        return RestResponse.created(location(id), Map.of("id", id));
    }

    private RestResponse update(RestCall call) {
        String id = call.path("config_id");
        Map<String, Object> document = new LinkedHashMap<>(call.member("config"));
        Object bodyId = document.putIfAbsent(Config.ID, id);
        if (bodyId != null && !bodyId.equals(id)) {
            throw RestException.badRequest("the config's id \"" + bodyId + "\" is not the id of the URL, " + id);
        }
        configs.update(Config.of(document));
        return RestResponse.noContent();
    }

    private RestResponse remove(RestCall call) {
        Config config = existing(call.path("config_id"));
        if (!config.deletable()) {
            throw new RestException(403, "config '" + call.path("config_id") + "' may not be deleted");
        }
        try {
            configs.remove(config.id().orElseThrow());
        } catch (ConflictException dependants) {
            throw RestException.badRequest(dependants.getMessage());
        }
        return RestResponse.noContent();
    }
}
