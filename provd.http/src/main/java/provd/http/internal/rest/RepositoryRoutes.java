package provd.http.internal.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import provd.core.api.InstalledPlugin;
import provd.core.api.NotFoundException;
import provd.core.api.Operation;
import provd.core.api.OperationStatus;
import provd.core.api.Operations;
import provd.core.api.PluginRepository;
import provd.core.api.RepositoryPlugin;

/**
 * {@code /pg_mgr/install}: the plugin repository's install service. Installing, upgrading and updating the index
 * answer 201 with the {@code Location} of an operation in progress, read and deleted below the action's own path
 * ({@code /pg_mgr/install/install/<id>}); uninstalling answers 204 once done. The repository is an optional service
 * (it needs provd.fetchfw's downloader): while it is absent, these routes answer 503.
 */
final class RepositoryRoutes {
    private static final String BASE = "/pg_mgr/install";
    private static final String ACL = "provd.pg_mgr.install";
    /** The actions that are operations in progress, each under its own path. */
    private static final String[] OPERATIONS = {"install", "upgrade", "update"};

    private final Supplier<Optional<PluginRepository>> repository;
    private final Operations operations;

    RepositoryRoutes(Supplier<Optional<PluginRepository>> repository, Operations operations) {
        this.repository = repository;
        this.operations = operations;
    }

    void addTo(Router router) {
        router.add("GET", BASE, ACL + ".read", call -> RestResponse.ok(new Links()
                        .add(BASE + "/install", "srv.install.install").add(BASE + "/uninstall", "srv.install.uninstall")
                        .add(BASE + "/installed", "srv.install.installed")
                        .add(BASE + "/installable", "srv.install.installable")
                        .add(BASE + "/upgrade", "srv.install.upgrade").add(BASE + "/update", "srv.install.update")
                        .object()))
                .add("POST", BASE + "/install", ACL + ".install.create",
                        call -> start("install", call.idMember(), PluginRepository::install))
                .add("POST", BASE + "/upgrade", ACL + ".upgrade.create",
                        call -> start("upgrade", call.idMember(), PluginRepository::upgrade))
                // the body is an empty object, which nothing reads
                .add("POST", BASE + "/update", ACL + ".update.create",
                        call -> start("update", null, (repository, id, operation) -> repository.update(operation)))
                .add("POST", BASE + "/uninstall", ACL + ".uninstall.create", call -> {
                    String id = call.idMember();
                    available().uninstall(id);
                    return RestResponse.noContent();
                })
                .add("GET", BASE + "/installed", ACL + ".installed.read", call -> {
                    Map<String, Object> pkgs = new LinkedHashMap<>();
                    for (InstalledPlugin plugin : available().installed()) {
                        pkgs.put(plugin.id(), installed(plugin));
                    }
                    return RestResponse.ok(Map.of("pkgs", pkgs));
                })
                .add("GET", BASE + "/installable", ACL + ".installable.read", call -> {
                    Map<String, Object> pkgs = new LinkedHashMap<>();
                    for (RepositoryPlugin plugin : available().installable()) {
                        pkgs.put(plugin.id(), installable(plugin));
                    }
                    return RestResponse.ok(Map.of("pkgs", pkgs));
                });
        for (String action : OPERATIONS) {
            String path = BASE + "/" + action + "/{operation_id}";
            router.add("GET", path, "provd.operation.read",
                    call -> RestResponse.ok(OperationRoutes.body(existing(action, call.path("operation_id")))))
                    .add("DELETE", path, "provd.operation.delete", call -> {
                        operations.remove(existing(action, call.path("operation_id")).id().orElseThrow());
                        return RestResponse.noContent();
                    });
        }
    }

    /** What starts a long action of the repository. */
    @FunctionalInterface
    private interface Action {
        CompletionStage<?> start(PluginRepository repository, String id, Operation operation);
    }

    /**
     * Starts a long action as an operation in progress. A refusal made at once (no such plugin, installed already)
     * is the answer, and leaves no operation behind.
     */
    private RestResponse start(String label, String id, Action action) {
        PluginRepository available = available();
        Operation operation = operations.start(label);
        try {
            action.start(available, id, operation);
        } catch (RuntimeException refused) {
            operations.remove(operation.id());
            throw refused;
        }
        return RestResponse.created(Links.ROOT + BASE + "/" + label + "/" + operation.id(), null);
    }

    private PluginRepository available() {
        return repository.get().orElseThrow(() -> new RestException(503,
                "the plugin repository is not available: it needs the provd.fetchfw bundle, which is not running"));
    }

    /** The operation, when it is one of {@code action}'s: an install's is not found under the update's path. */
    private OperationStatus existing(String action, String id) {
        return operations.status(id).filter(status -> status.label().equals(action))
                .orElseThrow(() -> new NotFoundException("no " + action + " operation '" + id + "'"));
    }

    private static Map<String, Object> installed(InstalledPlugin plugin) {
        Map<String, Object> pkg = new LinkedHashMap<>();
        pkg.put("version", plugin.version());
        pkg.put("description", plugin.description());
        pkg.put("capabilities", plugin.capabilities());
        return pkg;
    }

    /** An index entry as wazo-provd shows it: everything but the file name. */
    private static Map<String, Object> installable(RepositoryPlugin plugin) {
        Map<String, Object> pkg = new LinkedHashMap<>();
        pkg.put("version", plugin.version());
        pkg.put("description", plugin.description());
        plugin.descriptions().forEach((language, description) -> {
            if (!language.isEmpty()) {
                pkg.put("description_" + language, description);
            }
        });
        pkg.put("dsize", plugin.dsize());
        pkg.put("sha1sum", plugin.sha1sum());
        pkg.put("capabilities", plugin.capabilities());
        return pkg;
    }
}
