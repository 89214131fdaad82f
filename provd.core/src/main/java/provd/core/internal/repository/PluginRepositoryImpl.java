package provd.core.internal.repository;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.api.ConflictException;
import provd.core.api.InstalledPlugin;
import provd.core.api.NotFoundException;
import provd.core.api.Operation;
import provd.core.api.PluginDescriptor;
import provd.core.api.PluginRegistry;
import provd.core.api.PluginRepository;
import provd.core.api.PluginService;
import provd.core.api.ProvdException;
import provd.core.api.RepositoryPlugin;
import provd.core.api.ServerParameters;
import provd.core.internal.DurableFiles;
import provd.core.internal.PluginServices;
import provd.core.internal.ProvdHome;
import provd.core.internal.device.FileAreas;
import provd.core.internal.repository.PluginIndex.InvalidIndexException;
import provd.fetchfw.api.Download;
import provd.fetchfw.api.DownloadException;
import provd.fetchfw.api.Downloader;

/**
 * The plugin repository: its index is kept in {@code <data>/repository/plugins.db}; the bundles it installs have the
 * location {@code provd:plugin:<id>}, and a copy of each is kept in {@code <data>/repository/bundles/<id>.jar} so
 * that a failed upgrade can put it back. The framework's persistent cache keeps them installed across restarts.
 *
 * <p>Every long action runs on the repository's own thread, one at a time: no two bundle operations overlap.
 *
 * <p>Configuration: {@code plugin_server}, a server parameter, read from {@link ServerParameters} at each use (so
 * that an update right after the parameter is set sees it), and {@code start.timeout.seconds} (PID {@value #PID}):
 * how long a plugin bundle may take to provide its plugin once started.
 */
@Component(service = PluginRepository.class, configurationPid = PluginRepositoryImpl.PID)
@Designate(ocd = PluginRepositoryImpl.Config.class)
public final class PluginRepositoryImpl implements PluginRepository {
    static final String PID = "provd.repository";
    /** The location of the bundles the repository installs, followed by the plugin id. */
    static final String LOCATION_PREFIX = "provd:plugin:";
    private static final Logger LOG = LoggerFactory.getLogger(PluginRepositoryImpl.class);
    private static final String INDEX = "plugins.db";
    private static final long POLL_MILLIS = 20;

    @ObjectClassDefinition(name = "provd plugin repository",
            description = "How long plugins installed from the repository may take to start")
    @interface Config {
        @AttributeDefinition(description = "How long a plugin bundle may take to provide its plugin once started, "
                + "in seconds", min = "1")
        int start_timeout_seconds() default 30;
    }

    private final Downloader downloader;
    private final Supplier<String> pluginServer;
    private final PluginRegistry registry;
    private final PluginServices plugins;
    private final BundleContext context;
    private final FileAreas areas;
    private final Path directory;
    private final Path bundles;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "provd-plugin-repository");
        t.setDaemon(true);
        return t;
    });
    private volatile Config config;
    private volatile List<RepositoryPlugin> index;

    @Activate
    public PluginRepositoryImpl(@Reference Downloader downloader, @Reference PluginRegistry registry,
            @Reference PluginServices plugins, @Reference ServerParameters parameters, BundleContext context,
            Config config) {
        this(downloader, registry, plugins, () -> parameters.parameter(ServerParameters.PLUGIN_SERVER)
                .flatMap(ServerParameters.Parameter::value).orElse(""), context,
                ProvdHome.of(context).resolve("data"), config);
    }

    /**
     * @param pluginServer the {@code plugin_server} parameter as it is now; empty when not set
     * @param data         the data directory: the plugins' directories and the repository's own are under it
     */
    PluginRepositoryImpl(Downloader downloader, PluginRegistry registry, PluginServices plugins,
            Supplier<String> pluginServer, BundleContext context, Path data, Config config) {
        this.downloader = downloader;
        this.pluginServer = pluginServer;
        this.registry = registry;
        this.plugins = plugins;
        this.context = context;
        this.areas = new FileAreas(data);
        this.directory = data.resolve("repository");
        this.bundles = directory.resolve("bundles");
        this.config = config;
        this.index = loadIndex();
    }

    @Modified
    void modified(Config config) {
        this.config = config;
    }

    @Deactivate
    void deactivate() {
        // the work under way is interrupted (a download's partial file stays in the cache for a resume); the work
        // still queued fails, so that nobody waits for it
        for (Runnable queued : worker.shutdownNow()) {
            if (queued instanceof Job<?> job) {
                job.abandon();
            }
        }
    }

    // ------------------------------------------------------------------ the index

    @Override
    public CompletionStage<List<RepositoryPlugin>> update(Operation operation) {
        return run(operation, () -> {
            URI source = resolve(INDEX);
            Path fetched = fetch(Download.unchecked(source, INDEX), operation.child("download"));
            byte[] content;
            try {
                if (Files.size(fetched) > PluginIndex.MAX_BYTES) {
                    throw new RepositoryFailure("the index at " + source + " is larger than " + PluginIndex.MAX_BYTES
                            + " bytes");
                }
                content = Files.readAllBytes(fetched);
            } finally {
                // an index changes in place on its server: never a cached copy, nor a resume, next time
                Files.deleteIfExists(fetched);
            }
            List<RepositoryPlugin> entries;
            try {
                entries = PluginIndex.parse(content);
            } catch (InvalidIndexException e) {
                throw new RepositoryFailure(e.getMessage() + " (from " + source + "; the previous index is kept)");
            }
            DurableFiles.createDirectories(directory);
            DurableFiles.replace(directory.resolve(INDEX), content);
            DurableFiles.syncDirectory(directory);
            index = entries;
            LOG.info("plugin repository index updated from {}: {} plugin(s)", source, entries.size());
            return entries;
        });
    }

    @Override
    public List<RepositoryPlugin> installable() {
        return index;
    }

    private List<RepositoryPlugin> loadIndex() {
        Path file = directory.resolve(INDEX);
        try {
            return PluginIndex.parse(Files.readAllBytes(file));
        } catch (NoSuchFileException notYet) {
            return List.of();
        } catch (IOException | InvalidIndexException e) {
            LOG.warn("the plugin repository index {} is unreadable, none is known until the next update: {}", file,
                    e.getMessage());
            return List.of();
        }
    }

    private RepositoryPlugin entry(String id) {
        return index.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> new NotFoundException(
                "the plugin repository has no plugin '" + id + "'" + (index.isEmpty() ? ": update its index" : "")));
    }

    // ------------------------------------------------------------------ installed plugins

    @Override
    public List<InstalledPlugin> installed() {
        List<InstalledPlugin> installed = new ArrayList<>();
        for (PluginDescriptor plugin : registry.plugins()) {
            installed.add(describe(plugin));
        }
        return installed;
    }

    private InstalledPlugin describe(PluginDescriptor plugin) {
        Map<String, Object> info = registry.info(plugin.id()).orElse(Map.of());
        Bundle bundle = context.getBundle(plugin.bundleId());
        return new InstalledPlugin(plugin.id(),
                info.get("version") instanceof String version ? version : plugin.bundleVersion(),
                info.get("description") instanceof String description ? description : plugin.bundleSymbolicName(),
                capabilities(info.get("capabilities")),
                bundle != null && bundle.getLocation().equals(location(plugin.id())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> capabilities(Object capabilities) {
        if (!(capabilities instanceof Map<?, ?> all)) {
            return Map.of();
        }
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        all.forEach((device, values) -> {
            if (device instanceof String name && values instanceof Map<?, ?> map) {
                copy.put(name, (Map<String, Object>) map);
            }
        });
        return copy;
    }

    // ------------------------------------------------------------------ install

    @Override
    public CompletionStage<InstalledPlugin> install(String id, Operation operation) {
        RepositoryPlugin entry = entry(id);
        // present, or a bundle of ours still starting
        if (registry.plugin(id).isPresent() || isStarting(context.getBundle(location(id)))) {
            throw new ConflictException("plugin '" + id + "' is installed already");
        }
        return run(operation, () -> {
            if (registry.plugin(id).isPresent()) {
                throw new RepositoryFailure("plugin '" + id + "' is installed already");
            }
            Path jar = fetch(entry, operation.child("download"));
            Operation step = operation.child("install");
            step.progress(-1, -1);
            try {
                removeLeftover(id);
                Bundle bundle;
                try (InputStream in = Files.newInputStream(jar)) {
                    bundle = context.installBundle(location(id), in);
                } catch (BundleException e) {
                    throw new RepositoryFailure("plugin '" + id + "' could not be installed: its file "
                            + entry.filename() + " cannot be installed as a bundle: " + e.getMessage());
                }
                try {
                    keep(id, jar);
                    bundle.start();
                    awaitPlugin(id, bundle, Set.of());
                } catch (BundleException | IOException | RepositoryFailure e) {
                    uninstallQuietly(bundle, id);
                    Files.deleteIfExists(kept(id));
                    throw new RepositoryFailure("plugin '" + id + "' could not be installed: " + e.getMessage()
                            + "; its bundle is removed");
                }
            } catch (Exception e) {
                step.fail(e.getMessage());
                throw e;
            }
            step.succeed();
            LOG.info("plugin {} {} installed from the plugin repository", id, entry.version());
            return installedNow(id);
        });
    }

    /** A bundle of ours for the plugin that does not provide it (it failed to start at the last launch): gone. */
    private void removeLeftover(String id) {
        Bundle leftover = context.getBundle(location(id));
        if (leftover != null) {
            LOG.warn("plugin {}: removing the bundle left by an earlier installation ({})", id, leftover);
            uninstallQuietly(leftover, id);
        }
    }

    // ------------------------------------------------------------------ upgrade

    @Override
    public CompletionStage<InstalledPlugin> upgrade(String id, Operation operation) {
        Bundle present = bundleOf(id);
        RepositoryPlugin entry = entry(id);
        if (isDistribution(present, id)) {
            throw new ConflictException(distributionMessage(id, present, "upgraded"));
        }
        return run(operation, () -> {
            Bundle bundle = bundleOf(id);
            Set<PluginService> services = registry.plugin(id).map(PluginDescriptor::services).orElse(Set.of());
            Path jar = fetch(entry, operation.child("download"));
            Operation step = operation.child("upgrade");
            step.progress(-1, -1);
            String previous = bundle.getVersion().toString();
            // the devices keep the plugin, and are served the files they have, while its bundle is replaced
            try (PluginServices.Replacement replacement = plugins.replace(id)) {
                try {
                    try (InputStream in = Files.newInputStream(jar)) {
                        bundle.update(in);
                    }
                    if (bundle.getState() != Bundle.ACTIVE) {
                        bundle.start(); // it had not started: the new version may
                    }
                    awaitPlugin(id, bundle, services);
                    if (isOurs(bundle, id)) {
                        keep(id, jar);
                    }
                } catch (BundleException | IOException | RepositoryFailure e) {
                    String restored = restore(id, bundle, services);
                    step.fail(e.getMessage());
                    throw new RepositoryFailure("plugin '" + id + "' could not be upgraded to " + entry.version()
                            + ": " + e.getMessage() + "; " + restored);
                }
            }
            step.succeed();
            LOG.info("plugin {} upgraded from bundle version {} to {} ({})", id, previous, bundle.getVersion(),
                    entry.version());
            return installedNow(id);
        });
    }

    /**
     * Puts back the bundle an upgrade replaced: the kept copy of a plugin the repository installed, else what its
     * location holds.
     *
     * @return what was done, for the operator
     */
    private String restore(String id, Bundle bundle, Set<PluginService> services) {
        try {
            Path kept = kept(id);
            if (isOurs(bundle, id) && Files.isRegularFile(kept)) {
                try (InputStream in = Files.newInputStream(kept)) {
                    bundle.update(in);
                }
            } else {
                bundle.update();
            }
            if (bundle.getState() != Bundle.ACTIVE) {
                bundle.start();
            }
            awaitPlugin(id, bundle, services);
            LOG.warn("plugin {}: upgrade failed, bundle version {} restored", id, bundle.getVersion());
            return "the previous version (" + bundle.getVersion() + ") is back";
        } catch (Exception e) {
            LOG.error("plugin {}: upgrade failed and the previous version could not be restored", id, e);
            return "the previous version could not be restored either: " + e.getMessage();
        }
    }

    // ------------------------------------------------------------------ uninstall

    @Override
    public void uninstall(String id) {
        Bundle present = bundleOf(id);
        if (isDistribution(present, id)) {
            throw new ConflictException(distributionMessage(id, present, "uninstalled"));
        }
        CompletableFuture<Void> done = run(null, () -> {
            Bundle bundle = bundleOf(id);
            bundle.uninstall();
            Files.deleteIfExists(kept(id));
            areas.removePluginDirectory(id);
            LOG.info("plugin {} uninstalled (bundle {} {}), its directory removed", id, bundle.getSymbolicName(),
                    bundle.getVersion());
            return null;
        });
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uninstalling plugin '" + id + "'");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProvdException refused) {
                throw refused;
            }
            throw new IllegalStateException("plugin '" + id + "' could not be uninstalled: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    // ------------------------------------------------------------------ bundles

    static String location(String id) {
        return LOCATION_PREFIX + id;
    }

    /**
     * The bundle of an installed plugin: the registry's, else one of ours that does not provide it (it did not start).
     *
     * @throws NotFoundException when there is none
     */
    private Bundle bundleOf(String id) {
        Optional<Bundle> bundle = registry.plugin(id).map(p -> context.getBundle(p.bundleId()));
        return bundle.or(() -> Optional.ofNullable(context.getBundle(location(id))))
                .orElseThrow(() -> new NotFoundException("plugin '" + id + "' is not installed"));
    }

    private static boolean isStarting(Bundle bundle) {
        return bundle != null && (bundle.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0;
    }

    private static boolean isOurs(Bundle bundle, String id) {
        return bundle.getLocation().equals(location(id));
    }

    /**
     * Whether the bundle comes with the distribution (the launcher installs it from provd.jar, at a location that is
     * no URL): replaced or removed, the launcher would put it back at the next start.
     */
    private static boolean isDistribution(Bundle bundle, String id) {
        if (isOurs(bundle, id)) {
            return false;
        }
        try {
            new URL(bundle.getLocation());
            return false;
        } catch (MalformedURLException notAUrl) {
            return true;
        }
    }

    private static String distributionMessage(String id, Bundle bundle, String what) {
        return "plugin '" + id + "' comes with the distribution (bundle " + bundle.getSymbolicName() + " at "
                + bundle.getLocation() + ") and cannot be " + what + ": it would be back at the next start";
    }

    /**
     * Waits until the plugin is present from {@code bundle} with at least {@code services}.
     *
     * @throws RepositoryFailure when the bundle stops, or it does not happen within the configured time
     */
    private void awaitPlugin(String id, Bundle bundle, Set<PluginService> services) throws InterruptedException {
        Duration timeout = Duration.ofSeconds(Math.max(1, config.start_timeout_seconds()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<PluginDescriptor> plugin = registry.plugin(id)
                    .filter(p -> p.bundleId() == bundle.getBundleId() && p.services().containsAll(services));
            if (plugin.isPresent()) {
                return;
            }
            if (bundle.getState() != Bundle.ACTIVE && bundle.getState() != Bundle.STARTING) {
                throw new RepositoryFailure("its bundle " + bundle.getSymbolicName() + " " + bundle.getVersion()
                        + " is not active");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new RepositoryFailure("its bundle " + bundle.getSymbolicName() + " " + bundle.getVersion()
                        + " started but did not provide plugin '" + id + "'" + (services.isEmpty() ? ""
                        : " with its services " + services) + " within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private void uninstallQuietly(Bundle bundle, String id) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            LOG.error("plugin {}: its bundle {} could not be uninstalled", id, bundle, e);
        }
    }

    private InstalledPlugin installedNow(String id) {
        return registry.plugin(id).map(this::describe)
                .orElseThrow(() -> new RepositoryFailure("plugin '" + id + "' left at once"));
    }

    /** The copy of the bundle the repository installed for the plugin. */
    private Path kept(String id) {
        areas.pluginDirectory(id); // a plain name: checked there
        return bundles.resolve(id + ".jar");
    }

    private void keep(String id, Path jar) throws IOException {
        DurableFiles.createDirectories(bundles);
        DurableFiles.replace(kept(id), Files.readAllBytes(jar));
        DurableFiles.syncDirectory(bundles);
    }

    // ------------------------------------------------------------------ downloads and the worker

    /** {@code name} under the plugin server's URL. */
    private URI resolve(String name) {
        String server = pluginServer.get().strip();
        if (server.isEmpty()) {
            throw new RepositoryFailure("no plugin repository is configured: set the plugin_server parameter "
                    + "(PUT /provd/configure/plugin_server, or etc/provd.params.cfg)");
        }
        try {
            return URI.create(server.endsWith("/") ? server + name : server + "/" + name);
        } catch (IllegalArgumentException e) {
            throw new RepositoryFailure("the plugin_server parameter '" + server + "' is not a URL");
        }
    }

    private Path fetch(RepositoryPlugin entry, Operation step) throws InterruptedException {
        return fetch(Download.of(resolve(entry.filename()), entry.filename(), entry.dsize(), entry.sha1sum()), step);
    }

    /** Downloads a file, its progress reported into {@code step}. */
    private Path fetch(Download download, Operation step) throws InterruptedException {
        String what = download.source().map(URI::toString).orElse(download.cacheName());
        step.progress(0, download.size().orElse(-1));
        try {
            Path file = downloader.fetch(download, step::progress);
            step.succeed();
            return file;
        } catch (DownloadException e) {
            step.fail(e.getMessage());
            throw new RepositoryFailure("cannot download " + what + ": " + e.getMessage());
        }
    }

    /** Work for the repository's thread. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }

    /** Work queued for the repository's thread, and the operation following it (if any). */
    private static final class Job<T> implements Runnable {
        private final Operation operation;
        private final Work<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Job(Operation operation, Work<T> work) {
            this.operation = operation;
            this.work = work;
        }

        @Override
        public void run() {
            if (operation != null) {
                operation.track(result); // it waited until now
            }
            try {
                result.complete(work.run());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(new RepositoryFailure("abandoned: the server is stopping"));
            } catch (RepositoryFailure | ProvdException e) {
                result.completeExceptionally(e);
            } catch (Exception e) {
                LOG.error("plugin repository: work failed", e);
                result.completeExceptionally(new RepositoryFailure(e.getClass().getSimpleName() + ": "
                        + e.getMessage()));
            }
        }

        /** It will not run: the repository stops. */
        void abandon() {
            if (operation != null) {
                operation.fail("abandoned: the server is stopping");
            }
            result.completeExceptionally(new RepositoryFailure("abandoned: the server is stopping"));
        }
    }

    /**
     * Runs {@code work} on the repository's thread, after the work asked for before; the operation, if any, waits
     * meanwhile, then follows it.
     */
    private <T> CompletableFuture<T> run(Operation operation, Work<T> work) {
        Job<T> job = new Job<>(operation, work);
        try {
            worker.execute(job);
        } catch (RejectedExecutionException e) {
            job.abandon();
        }
        return job.result;
    }
}
