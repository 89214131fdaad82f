package provd.fetchfw.internal.packages;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import provd.fetchfw.api.ConsoleProgress;
import provd.fetchfw.api.FirmwarePackages;
import provd.fetchfw.api.PackageException;
import provd.fetchfw.api.PackageInfo;

/**
 * Gogo commands for firmware packages: {@code fetchfw:list}, {@code fetchfw:install}, {@code fetchfw:upgrade},
 * {@code fetchfw:uninstall}. A package is named by its id when only one plugin has it, else as
 * {@code <plugin> <package>}. Installs block until done, drawing their progress.
 */
@Component(service = FetchfwCommands.class, property = {
        "osgi.command.scope=fetchfw",
        "osgi.command.function=list",
        "osgi.command.function=install",
        "osgi.command.function=upgrade",
        "osgi.command.function=uninstall"
})
public final class FetchfwCommands {
    private final FirmwarePackages packages;

    @Activate
    public FetchfwCommands(@Reference FirmwarePackages packages) {
        this.packages = packages;
    }

    /** Every plugin's packages: plugin, package, version offered, version installed, description, remarks. */
    public String list() throws PackageException {
        List<String> lines = new ArrayList<>();
        for (String plugin : packages.plugins()) {
            lines.addAll(lines(plugin));
        }
        return lines.isEmpty() ? "no firmware packages" : String.join("\n", lines);
    }

    /** One plugin's packages. */
    public String list(String plugin) throws PackageException {
        return String.join("\n", lines(plugin));
    }

    public String install(String packageId) throws PackageException {
        return install(pluginOf(packageId), packageId);
    }

    public String install(String plugin, String packageId) throws PackageException {
        ConsoleProgress progress = new ConsoleProgress(System.out);
        return done("installed", await(packages.install(plugin, packageId, progress), progress));
    }

    public String upgrade(String packageId) throws PackageException {
        return upgrade(pluginOf(packageId), packageId);
    }

    public String upgrade(String plugin, String packageId) throws PackageException {
        ConsoleProgress progress = new ConsoleProgress(System.out);
        return done("upgraded", await(packages.upgrade(plugin, packageId, progress), progress));
    }

    public String uninstall(String packageId) throws PackageException {
        return uninstall(pluginOf(packageId), packageId);
    }

    public String uninstall(String plugin, String packageId) throws PackageException {
        packages.uninstall(plugin, packageId);
        return "uninstalled " + packageId + " of " + plugin;
    }

    private List<String> lines(String plugin) throws PackageException {
        List<String> lines = new ArrayList<>();
        for (PackageInfo p : packages.packages(plugin)) {
            StringBuilder line = new StringBuilder(plugin).append("  ").append(p.id()).append("  ")
                    .append(p.version()).append("  ")
                    .append(p.installedVersion().map(v -> "installed " + v).orElse("not installed"))
                    .append("  ").append(p.description(""));
            p.unsupported().ifPresent(reason -> line.append("  (").append(reason).append(')'));
            if (!p.manualFiles().isEmpty()) {
                line.append("  (put into the cache by hand first: ").append(String.join(", ", p.manualFiles()))
                        .append(')');
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** The plugin whose catalog has {@code packageId}, when exactly one has. */
    private String pluginOf(String packageId) throws PackageException {
        List<String> owners = new ArrayList<>();
        for (String plugin : packages.plugins()) {
            if (packages.packages(plugin).stream().anyMatch(p -> p.id().equals(packageId))) {
                owners.add(plugin);
            }
        }
        if (owners.size() == 1) {
            return owners.get(0);
        }
        throw new PackageException(PackageException.Reason.UNKNOWN_PACKAGE, owners.isEmpty()
                ? "no plugin has a package '" + packageId + "'"
                : "plugins " + String.join(", ", owners) + " all have a package '" + packageId
                        + "': name the plugin first");
    }

    private static PackageInfo await(CompletionStage<PackageInfo> work, ConsoleProgress progress)
            throws PackageException {
        try {
            return work.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof PackageException refused) {
                throw refused;
            }
            throw e;
        } finally {
            progress.endBar();
        }
    }

    private static String done(String what, PackageInfo p) {
        return what + " " + p.id() + " " + p.version();
    }
}
