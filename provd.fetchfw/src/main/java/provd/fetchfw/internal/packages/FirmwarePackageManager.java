package provd.fetchfw.internal.packages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import provd.fetchfw.api.Download;
import provd.fetchfw.api.DownloadException;
import provd.fetchfw.api.Downloader;
import provd.fetchfw.api.FirmwarePackages;
import provd.fetchfw.api.PackageException;
import provd.fetchfw.api.PackageException.Reason;
import provd.fetchfw.api.PackageInfo;
import provd.fetchfw.api.PackageProgress;
import provd.fetchfw.internal.ProvdHome;
import provd.fetchfw.internal.catalog.Catalog;
import provd.fetchfw.internal.catalog.Catalog.Command;
import provd.fetchfw.internal.catalog.Catalog.FileSource;
import provd.fetchfw.internal.catalog.Catalog.FirmwarePackage;
import provd.fetchfw.internal.recipe.ArchiveLimits;
import provd.fetchfw.internal.recipe.RecipeException;
import provd.fetchfw.internal.recipe.RecipeRunner;

/**
 * The firmware packages of the plugins present. Catalogs come and go with their bundles (see
 * {@link CatalogTracker}); installs, upgrades and uninstalls run one at a time on one thread, so two operators
 * never interleave their changes to a file area.
 */
@Component(service = FirmwarePackages.class, configurationPid = FirmwarePackageManager.PID)
@Designate(ocd = FirmwarePackageManager.Config.class)
public final class FirmwarePackageManager implements FirmwarePackages {
    static final String PID = "provd.fetchfw";
    private static final Logger LOG = LoggerFactory.getLogger(FirmwarePackageManager.class);
    private static final long MEGABYTE = 1024 * 1024;

    @ObjectClassDefinition(name = "provd firmware packages",
            description = "Where firmware packages are installed and how large their archives may expand")
    public @interface Config {
        @AttributeDefinition(description = "The plugins' directory, holding <plugin-id>/var/tftpboot; empty: "
                + "<provd.home>/data/plugins")
        String plugins_directory() default "";

        @AttributeDefinition(description = "Where recipes run before their result is installed; empty: "
                + "<provd.home>/data/fetchfw/scratch")
        String scratch_directory() default "";

        @AttributeDefinition(description = "The most bytes one package's archives may expand to, in MiB")
        long max_expanded_megabytes() default 4096;

        @AttributeDefinition(description = "The most entries one package's archives may hold")
        int max_entries() default 100_000;
    }

    /** The settings in force, from the configuration. */
    private record Settings(Path plugins, Path scratch, ArchiveLimits limits) {
        static Settings of(Config config, Path home) {
            Path plugins = directory(config.plugins_directory(), home.resolve("data").resolve("plugins"));
            Path scratch = directory(config.scratch_directory(),
                    home.resolve("data").resolve("fetchfw").resolve("scratch"));
            return new Settings(plugins, scratch,
                    new ArchiveLimits(config.max_expanded_megabytes() * MEGABYTE, config.max_entries()));
        }

        private static Path directory(String configured, Path fallback) {
            return (configured.isBlank() ? fallback : Path.of(configured)).toAbsolutePath().normalize();
        }
    }

    private final Downloader downloader;
    private final Path home;
    private final CatalogTracker catalogs = new CatalogTracker();
    private final BundleTracker<PluginCatalog> tracker;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "provd-fetchfw");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Settings settings;

    @Activate
    public FirmwarePackageManager(@Reference Downloader downloader, BundleContext context, Config config) {
        this.downloader = downloader;
        this.home = ProvdHome.of(context);
        this.settings = Settings.of(config, home);
        clearScratch();
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, catalogs);
        tracker.open();
    }

    @Modified
    void modified(Config config) {
        settings = Settings.of(config, home);
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        worker.shutdownNow();
    }

    @Override
    public Set<String> plugins() {
        return new TreeSet<>(catalogs.catalogs().keySet());
    }

    @Override
    public List<PackageInfo> packages(String pluginId) throws PackageException {
        PluginCatalog catalog = catalog(pluginId);
        Map<String, InstalledPackage> installed = installed(pluginId);
        List<PackageInfo> packages = new ArrayList<>();
        for (FirmwarePackage p : catalog.catalog().packages().values()) {
            packages.add(info(catalog.catalog(), p, Optional.ofNullable(installed.get(p.id()))));
        }
        packages.sort(Comparator.comparing(PackageInfo::id));
        return packages;
    }

    @Override
    public CompletionStage<PackageInfo> install(String pluginId, String packageId, PackageProgress progress) {
        return submit(() -> new PackageInstall(pluginId, packageId, progress).run(false));
    }

    @Override
    public CompletionStage<PackageInfo> upgrade(String pluginId, String packageId, PackageProgress progress) {
        return submit(() -> new PackageInstall(pluginId, packageId, progress).run(true));
    }

    @Override
    public void uninstall(String pluginId, String packageId) throws PackageException {
        Future<Void> done = worker.submit(() -> {
            PluginCatalog catalog = catalog(pluginId);
            packageOf(catalog, packageId);
            PackageArea area = area(pluginId);
            Map<String, InstalledPackage> installed = installed(pluginId);
            InstalledPackage record = installed.get(packageId);
            if (record == null) {
                throw new PackageException(Reason.NOT_INSTALLED, "package " + packageId + " of plugin " + pluginId
                        + " is not installed");
            }
            List<String> dependants = installed.keySet().stream()
                    .filter(id -> Optional.ofNullable(catalog.catalog().packages().get(id))
                            .map(p -> p.depends().contains(packageId)).orElse(false))
                    .toList();
            if (!dependants.isEmpty()) {
                throw new PackageException(Reason.REQUIRED, "package " + packageId + " of plugin " + pluginId
                        + " is needed by the installed " + String.join(", ", dependants));
            }
            try {
                area.remove(record);
            } catch (IOException e) {
                throw new PackageException(Reason.INSTALL_FAILED, "uninstalling " + packageId + " of plugin "
                        + pluginId + " failed: " + e.getMessage(), e);
            }
            LOG.info("Uninstalled package {} {} of plugin {}: {} files removed", packageId, record.version(),
                    pluginId, record.files().size());
            return null;
        });
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackageException(Reason.INSTALL_FAILED, "interrupted while uninstalling " + packageId);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PackageException refused) {
                throw refused;
            }
            throw new PackageException(Reason.INSTALL_FAILED, String.valueOf(e.getCause().getMessage()),
                    e.getCause());
        }
    }

    /** Work that may refuse with a {@link PackageException}. */
    @FunctionalInterface
    private interface PackageWork<T> {
        T run() throws PackageException, InterruptedException;
    }

    private <T> CompletionStage<T> submit(PackageWork<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                result.complete(work.run());
            } catch (InterruptedException e) {
                result.completeExceptionally(new PackageException(Reason.INSTALL_FAILED, "interrupted"));
            } catch (PackageException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** One install or upgrade: the package, after the dependencies it lacks. */
    private final class PackageInstall {
        private final PluginCatalog catalog;
        private final FirmwarePackage target;
        private final PackageProgress progress;
        private final String pluginId;
        private int stage;
        private int stages;

        PackageInstall(String pluginId, String packageId, PackageProgress progress) throws PackageException {
            this.pluginId = pluginId;
            this.catalog = catalog(pluginId);
            this.target = packageOf(catalog, packageId);
            this.progress = progress;
        }

        PackageInfo run(boolean upgrade) throws PackageException, InterruptedException {
            Map<String, InstalledPackage> installed = installed(pluginId);
            InstalledPackage current = installed.get(target.id());
            if (upgrade && current == null) {
                throw new PackageException(Reason.NOT_INSTALLED, "package " + target.id() + " of plugin "
                        + pluginId + " is not installed: install it");
            }
            if (current != null && current.version().equals(target.version())) {
                throw new PackageException(Reason.ALREADY_INSTALLED, "package " + target.id() + " " +
                        target.version() + " of plugin " + pluginId + " is already installed");
            }
            List<FirmwarePackage> order = new ArrayList<>();
            for (FirmwarePackage p : withDependencies(target)) {
                if (p == target || !installed.containsKey(p.id())) {
                    order.add(p);
                }
            }
            for (FirmwarePackage p : order) {
                Optional<String> unsupported = unsupported(catalog.catalog(), p);
                if (unsupported.isPresent()) {
                    throw new PackageException(Reason.UNSUPPORTED, unsupported.get());
                }
                stages += p.files().size() + recipeSteps(p) + 1;
            }
            InstalledPackage last = null;
            for (FirmwarePackage p : order) {
                last = installOne(p, installed);
                installed.put(p.id(), last);
            }
            return info(catalog.catalog(), target, Optional.ofNullable(last));
        }

        private int recipeSteps(FirmwarePackage p) {
            return p.install().isEmpty() ? 0 : catalog.catalog().recipes().get(p.install()).steps().size();
        }

        private List<FirmwarePackage> withDependencies(FirmwarePackage root) throws PackageException {
            LinkedHashSet<FirmwarePackage> ordered = new LinkedHashSet<>();
            visit(root, new LinkedHashSet<>(), ordered);
            return List.copyOf(ordered);
        }

        private void visit(FirmwarePackage p, LinkedHashSet<String> path, Set<FirmwarePackage> ordered)
                throws PackageException {
            if (!path.add(p.id())) {
                throw new PackageException(Reason.INSTALL_FAILED, "the packages of plugin " + pluginId
                        + " depend on each other in a cycle: " + String.join(" -> ", path) + " -> " + p.id());
            }
            for (String dependency : p.depends()) {
                visit(catalog.catalog().packages().get(dependency), path, ordered);
            }
            path.remove(p.id());
            ordered.add(p);
        }

        private InstalledPackage installOne(FirmwarePackage p, Map<String, InstalledPackage> installed)
                throws PackageException, InterruptedException {
            List<Path> files = new ArrayList<>();
            for (String fileId : p.files()) {
                FileSource source = catalog.catalog().files().get(fileId);
                progress.stage("download " + source.filename(), ++stage, stages);
                files.add(fetch(p, source));
            }
            Path scratch = null;
            try {
                Files.createDirectories(settings.scratch());
                scratch = Files.createTempDirectory(settings.scratch(), pluginId + "-" + p.id() + "-");
                Path result;
                if (p.install().isEmpty()) {
                    result = Files.createDirectory(scratch.resolve("result"));
                } else {
                    int first = stage;
                    result = new RecipeRunner(settings.limits()).run(catalog.catalog().recipes().get(p.install()),
                            p.installArguments(), files, scratch, (step, number, count) -> progress.stage(step.from() + "-" + step.to()
                                    + ": " + step.command().word() + " " + String.join(" ", step.arguments()),
                                    stage = first + number, stages));
                    stage = first + recipeSteps(p);
                }
                progress.stage("install " + p.id() + " into the file area of " + pluginId, ++stage, stages);
                Map<String, String> owners = new HashMap<>();
                installed.values().stream().filter(other -> !other.id().equals(p.id()))
                        .forEach(other -> other.files().forEach(file -> owners.put(file, other.id())));
                InstalledPackage record = area(pluginId).put(p.id(), p.version(), result, installed.get(p.id()),
                        owners);
                LOG.info("Installed package {} {} of plugin {}: {} files", p.id(), p.version(), pluginId,
                        record.files().size());
                return record;
            } catch (RecipeException e) {
                Reason reason = switch (e.kind()) {
                    case UNSAFE_ARCHIVE -> Reason.UNSAFE_ARCHIVE;
                    case UNSUPPORTED -> Reason.UNSUPPORTED;
                    case FAILED -> Reason.INSTALL_FAILED;
                };
                throw failure(p, reason, e.getMessage(), e);
            } catch (FileAlreadyExistsException e) {
                throw failure(p, Reason.INSTALL_FAILED, "its file " + e.getFile() + " is already there: "
                        + e.getReason(), e);
            } catch (IOException e) {
                throw failure(p, Reason.INSTALL_FAILED, e.toString(), e);
            } finally {
                if (scratch != null) {
                    deleteTree(scratch);
                }
            }
        }

        private Path fetch(FirmwarePackage p, FileSource source) throws PackageException, InterruptedException {
            try {
                Download download = source.isManual()
                        ? Download.manual(source.filename(), source.size(), source.sha1())
                        : Download.of(URI.create(source.url().orElseThrow()), source.filename(), source.size(),
                                source.sha1());
                return downloader.fetch(download, progress);
            } catch (DownloadException e) {
                Reason reason = e.reason() == DownloadException.Reason.MISSING_MANUAL_FILE
                        ? Reason.MISSING_MANUAL_FILE : Reason.DOWNLOAD_FAILED;
                throw failure(p, reason, e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw failure(p, Reason.DOWNLOAD_FAILED, "file " + source.id() + ": " + e.getMessage(), e);
            }
        }

        private PackageException failure(FirmwarePackage p, Reason reason, String message, Throwable cause) {
            LOG.warn("Package {} {} of plugin {} not installed: {}", p.id(), p.version(), pluginId, message);
            return new PackageException(reason, "package " + p.id() + " of plugin " + pluginId
                    + " not installed: " + message, cause);
        }
    }

    private PluginCatalog catalog(String pluginId) throws PackageException {
        return catalogs.catalog(pluginId).orElseThrow(() -> new PackageException(Reason.UNKNOWN_PLUGIN,
                "no plugin '" + pluginId + "' with firmware packages"));
    }

    private static FirmwarePackage packageOf(PluginCatalog catalog, String packageId) throws PackageException {
        FirmwarePackage p = catalog.catalog().packages().get(packageId);
        if (p == null) {
            throw new PackageException(Reason.UNKNOWN_PACKAGE, "plugin " + catalog.pluginId()
                    + " has no package '" + packageId + "'");
        }
        return p;
    }

    private PackageArea area(String pluginId) {
        return new PackageArea(settings.plugins().resolve(pluginId), json);
    }

    private Map<String, InstalledPackage> installed(String pluginId) throws PackageException {
        try {
            return area(pluginId).installed();
        } catch (IOException e) {
            throw new PackageException(Reason.INSTALL_FAILED, "the package records of plugin " + pluginId
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    private PackageInfo info(Catalog catalog, FirmwarePackage p, Optional<InstalledPackage> installed) {
        long downloadSize = 0;
        List<String> manual = new ArrayList<>();
        Path cache = downloader.cacheDirectory();
        for (String fileId : p.files()) {
            FileSource source = catalog.files().get(fileId);
            boolean cached = Files.isRegularFile(cache.resolve(source.filename()));
            if (source.isManual() && !cached) {
                manual.add(source.filename());
            } else if (!cached) {
                downloadSize += source.size();
            }
        }
        return new PackageInfo(p.id(), p.version(), p.descriptions(), downloadSize,
                installed.map(InstalledPackage::version), manual, unsupported(catalog, p));
    }

    /** Why the package cannot be installed here, if it cannot. */
    private static Optional<String> unsupported(Catalog catalog, FirmwarePackage p) {
        if (p.install().isEmpty()) {
            return Optional.empty();
        }
        return catalog.recipes().get(p.install()).steps().stream()
                .filter(step -> !step.command().isSupported()).findFirst()
                .map(step -> "package " + p.id() + " needs " + step.command().word() + ", which is not supported: "
                        + (step.command() == Command.UNRAR ? "no maintained Java library reads RAR archives"
                                : "no implementation"));
    }

    /** Scratch directories a stopped or crashed install left behind. */
    private void clearScratch() {
        Path scratch = settings.scratch();
        if (Files.isDirectory(scratch)) {
            try (Stream<Path> leftovers = Files.list(scratch)) {
                leftovers.forEach(FirmwarePackageManager::deleteTree);
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("Cannot clear the scratch directory {}: {}", scratch, e.getMessage());
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete {}: {}", root, e.getMessage());
        }
    }
}
