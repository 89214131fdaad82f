package provd.http.internal.rest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

import provd.core.api.ConflictException;
import provd.core.api.NotFoundException;
import provd.core.api.Operation;
import provd.core.api.Operations;
import provd.core.api.ServerParameters;
import provd.fetchfw.api.FirmwarePackages;
import provd.fetchfw.api.PackageException;
import provd.fetchfw.api.PackageInfo;

/**
 * {@code /pg_mgr/plugins/{plugin_id}/install}: a plugin's firmware packages. Install and upgrade are operations in
 * progress (201 with the operation's {@code Location}, whose status shows each stage and its download's bytes);
 * the lists are {@code {"pkgs": {id: {version, description, dsize}}}}, descriptions in the configured locale's
 * language. While the package manager is absent these routes answer 503.
 */
final class PackageRoutes {
    private static final String BASE = "/pg_mgr/plugins/{plugin_id}/install";
    private static final String ACL = "provd.pg_mgr.plugins.{plugin_id}.install";

    /** What an install or upgrade starts. */
    @FunctionalInterface
    private interface PackageAction {
        CompletionStage<PackageInfo> start(FirmwarePackages packages, String plugin, String packageId,
                OperationProgress progress);
    }

    private final Supplier<Optional<FirmwarePackages>> packages;
    private final Operations operations;
    private final ServerParameters parameters;

    PackageRoutes(Supplier<Optional<FirmwarePackages>> packages, Operations operations,
            ServerParameters parameters) {
        this.packages = packages;
        this.operations = operations;
        this.parameters = parameters;
    }

    void addTo(Router router) {
        router.add("GET", BASE, ACL + ".read", call -> {
            String path = "/pg_mgr/plugins/" + plugin(call) + "/install";
            return RestResponse.ok(new Links().add(path + "/install", "srv.install.install")
                    .add(path + "/uninstall", "srv.install.uninstall").add(path + "/upgrade", "srv.install.upgrade")
                    .add(path + "/installed", "srv.install.installed")
                    .add(path + "/installable", "srv.install.installable").object());
        });
        router.add("GET", BASE + "/installed", ACL + ".installed.read",
                call -> list(call, PackageInfo::isInstalled, true));
        router.add("GET", BASE + "/installable", ACL + ".installable.read",
                call -> list(call, PackageInfo::isInstallable, false));
        router.add("POST", BASE + "/install", ACL + ".install.create",
                call -> start(call, "install", FirmwarePackages::install));
        router.add("POST", BASE + "/upgrade", ACL + ".upgrade.create",
                call -> start(call, "upgrade", FirmwarePackages::upgrade));
        router.add("POST", BASE + "/uninstall", ACL + ".uninstall.create", call -> {
            String plugin = plugin(call);
            try {
                manager().uninstall(plugin, call.idMember());
            } catch (PackageException e) {
                throw refusal(e);
            }
            return RestResponse.noContent();
        });
    }

    private RestResponse list(RestCall call, Predicate<PackageInfo> filter, boolean installedVersion) {
        String language = language();
        Map<String, Object> pkgs = new LinkedHashMap<>();
        try {
            for (PackageInfo p : manager().packages(plugin(call))) {
                if (!filter.test(p)) {
                    continue;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("version", installedVersion ? p.installedVersion().orElseThrow() : p.version());
                entry.put("description", p.description(language));
                entry.put("dsize", p.downloadSize());
                if (!p.manualFiles().isEmpty()) {
                    entry.put("manual_files", p.manualFiles());
                }
                p.unsupported().ifPresent(reason -> entry.put("unsupported", reason));
                pkgs.put(p.id(), entry);
            }
        } catch (PackageException e) {
            throw refusal(e);
        }
        return RestResponse.ok(Map.of("pkgs", pkgs));
    }

    private RestResponse start(RestCall call, String verb, PackageAction action) {
        String plugin = plugin(call);
        String packageId = call.idMember();
        FirmwarePackages manager = manager();
        PackageInfo known;
        try {
            // what can be refused now is answered now rather than inside the operation
            known = manager.packages(plugin).stream().filter(p -> p.id().equals(packageId)).findFirst()
                    .orElseThrow(() -> new NotFoundException("plugin " + plugin + " has no package '" + packageId
                            + "'"));
        } catch (PackageException e) {
            throw refusal(e);
        }
        if (verb.equals("install") && !known.isInstallable()) {
            throw new ConflictException("package " + packageId + " " + known.version() + " of plugin " + plugin
                    + " is already installed");
        }
        if (verb.equals("upgrade") && !known.isInstalled()) {
            throw RestException.badRequest("package " + packageId + " of plugin " + plugin
                    + " is not installed: install it");
        }
        known.unsupported().ifPresent(reason -> {
            throw RestException.badRequest(reason);
        });
        if (!known.manualFiles().isEmpty()) {
            throw RestException.badRequest("package " + packageId + " needs files its vendor does not let us "
                    + "download: put " + String.join(", ", known.manualFiles()) + " into the cache directory first");
        }
        Operation operation = operations.start(verb + " " + packageId);
        OperationProgress progress = new OperationProgress(operation);
        progress.track(action.start(manager, plugin, packageId, progress));
        return RestResponse.created(Links.ROOT + "/pg_mgr/plugins/" + plugin + "/install/" + verb + "/"
                + operation.id(), null);
    }

    private FirmwarePackages manager() {
        return packages.get().orElseThrow(() -> new RestException(503, "the firmware package manager is not "
                + "running"));
    }

    private static String plugin(RestCall call) {
        return call.path("plugin_id");
    }

    /** The language of the configured locale ({@code fr} for {@code fr_FR}), for descriptions. */
    private String language() {
        return parameters.parameter(ServerParameters.LOCALE).flatMap(ServerParameters.Parameter::value)
                .map(locale -> locale.split("[_-]")[0].toLowerCase(Locale.ROOT)).orElse("");
    }

    /** A refusal as the HTTP status that says it best. */
    static RuntimeException refusal(PackageException e) {
        return switch (e.reason()) {
            case UNKNOWN_PLUGIN, UNKNOWN_PACKAGE -> new NotFoundException(e.getMessage());
            case NOT_INSTALLED, REQUIRED, UNSUPPORTED, MISSING_MANUAL_FILE -> RestException.badRequest(e.getMessage());
            case ALREADY_INSTALLED -> new ConflictException(e.getMessage());
            default -> new RestException(500, e.getMessage());
        };
    }
}
