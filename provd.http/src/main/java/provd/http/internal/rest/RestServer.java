package provd.http.internal.rest;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.api.AccessGuard;
import provd.core.api.ConfigManager;
import provd.core.api.DeviceManager;
import provd.core.api.InventoryStatistics;
import provd.core.api.Operations;
import provd.core.api.PluginRegistry;
import provd.core.api.PluginRepository;
import provd.core.api.ProvisioningService;
import provd.core.api.ServerParameters;
import provd.core.api.ServerStatus;
import provd.core.store.DocumentStore;
import provd.fetchfw.api.FirmwarePackages;
import provd.http.internal.HttpEndpoint;
import provd.http.internal.ManagedEndpoint;

/**
 * The REST API operators and wazo tooling use, compatible with wazo-provd's, rooted at {@value Links#ROOT}, on its
 * own Jetty server (by default on the loopback only: it manages every phone's passwords).
 *
 * <p>Configuration keys (PID {@code provd.rest}): {@code bind}, {@code port}, {@code max.threads},
 * {@code idle.timeout.ms}, {@code max.body.bytes}, {@code metrics.public}, {@code health.servers}.
 */
@Component(configurationPid = RestServer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
@Designate(ocd = RestServer.Config.class)
public final class RestServer {
    static final String PID = "provd.rest";
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    @ObjectClassDefinition(name = "provd REST API", description = "The REST API of provd, compatible with "
            + "wazo-provd's")
    @interface Config {
        @AttributeDefinition(description = "The address to listen on; 0.0.0.0 for every IPv4 address")
        String bind() default "127.0.0.1";

        @AttributeDefinition(description = "The port to listen on", min = "0", max = "65535")
        int port() default 8666;

        @AttributeDefinition(description = "The most threads serving requests", min = "16")
        int max_threads() default 32;

        @AttributeDefinition(description = "How long an idle connection is kept open, in milliseconds", min = "1")
        long idle_timeout_ms() default 30_000;

        @AttributeDefinition(description = "The largest request body accepted, in bytes; larger ones get 413",
                min = "1024")
        int max_body_bytes() default 1 << 20;

        @AttributeDefinition(description = "Whether /provd/metrics answers without credentials")
        boolean metrics_public() default true;

        @AttributeDefinition(description = "The phone servers /provd/health expects to be present and listening, "
                + "comma-separated")
        String health_servers() default "http,tftp";
    }

    private final List<ServerStatus> servers = new CopyOnWriteArrayList<>();
    /** Optional: without the package manager, its routes answer 503 and the rest of the API works. */
    private final AtomicReference<FirmwarePackages> packages = new AtomicReference<>();
    /** Optional: it needs provd.fetchfw; the install service's routes answer 503 while it is absent. */
    private final AtomicReference<PluginRepository> repository = new AtomicReference<>();
    private final DeviceManager devices;
    private final ConfigManager configs;
    private final PluginRegistry plugins;
    private final ProvisioningService provisioning;
    private final Operations operations;
    private final ServerParameters parameters;
    private final InventoryStatistics inventory;
    private final AccessGuard guard;
    private final DocumentStore store;
    private final Credentials credentials;
    private final String version;
    private final Instant started = Instant.now();
    private final Json json = new Json();
    private ManagedEndpoint endpoint;
    private Config current;

    @Activate
    public RestServer(@Reference DeviceManager devices, @Reference ConfigManager configs,
            @Reference PluginRegistry plugins, @Reference ProvisioningService provisioning,
            @Reference Operations operations, @Reference ServerParameters parameters,
            @Reference InventoryStatistics inventory, @Reference AccessGuard guard, @Reference DocumentStore store,
            @Reference Credentials credentials, BundleContext context, Config config) {
        this.devices = devices;
        this.configs = configs;
        this.plugins = plugins;
        this.provisioning = provisioning;
        this.operations = operations;
        this.parameters = parameters;
        this.inventory = inventory;
        this.guard = guard;
        this.store = store;
        this.credentials = credentials;
        this.version = context.getBundle().getVersion().toString();
        modified(config);
    }

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    void setPackages(FirmwarePackages packages) {
        this.packages.set(packages);
    }

    void unsetPackages(FirmwarePackages packages) {
        this.packages.compareAndSet(packages, null);
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, policyOption = GREEDY)
    void addServer(ServerStatus server) {
        servers.add(server);
    }

    void removeServer(ServerStatus server) {
        servers.remove(server);
    }

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    void setRepository(PluginRepository repository) {
        this.repository.set(repository);
    }

    void unsetRepository(PluginRepository repository) {
        this.repository.compareAndSet(repository, null);
    }

    @Modified
    synchronized void modified(Config config) {
        boolean routesChanged = current == null || current.metrics_public() != config.metrics_public()
                || current.max_body_bytes() != config.max_body_bytes()
                || !current.health_servers().equals(config.health_servers());
        current = config;
        if (routesChanged) {
            // the handler is part of the Jetty server: other routes, another endpoint
            if (endpoint != null) {
                endpoint.close();
            }
            endpoint = new ManagedEndpoint("provd-rest", "REST API", () -> handler(config), status -> { });
        }
        String bind = config.bind() == null || config.bind().isBlank() ? "127.0.0.1" : config.bind().trim();
        endpoint.apply(new ManagedEndpoint.Listener(bind, config.port(),
                Math.max(HttpEndpoint.MIN_THREADS, config.max_threads()), Math.max(1, config.idle_timeout_ms())));
    }

    @Deactivate
    synchronized void deactivate() {
        endpoint.close();
    }

    private static Set<String> protocols(String list) {
        Set<String> protocols = new TreeSet<>();
        for (String protocol : list.split(",")) {
            if (!protocol.isBlank()) {
                protocols.add(protocol.trim().toLowerCase(Locale.ROOT));
            }
        }
        return protocols;
    }

    private RestHandler handler(Config config) {
        Router router = new Router();
        router.add("GET", "", "provd.read", call -> RestResponse.ok(new Links().add("/dev_mgr", "dev_mgr")
                .add("/cfg_mgr", "cfg_mgr").add("/pg_mgr", "pg_mgr").add("/configure", "srv.configure").object()));
        new DeviceRoutes(devices, provisioning, operations).addTo(router);
        new ConfigRoutes(configs).addTo(router);
        new PluginRoutes(plugins).addTo(router);
        new PackageRoutes(() -> Optional.ofNullable(packages.get()), operations, parameters).addTo(router);
        new RepositoryRoutes(() -> Optional.ofNullable(repository.get()), operations).addTo(router);
        new ConfigureRoutes(parameters).addTo(router);
        new OperationRoutes(operations).addTo(router);
        new StatusRoutes(inventory, plugins, guard, store, () -> List.copyOf(servers), version, started,
                protocols(config.health_servers())).addTo(router, config.metrics_public() ? null : "provd.metrics.read");
        LOG.debug("REST API: metrics {}", config.metrics_public() ? "public" : "need provd.metrics.read");
        return new RestHandler(router, credentials, json, Math.max(1024, config.max_body_bytes()));
    }
}
