package provd.http.internal.rest;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import provd.core.api.AccessGuard;
import provd.core.api.InventoryStatistics;
import provd.core.api.PluginRegistry;
import provd.core.api.ServerStatus;
import provd.core.store.DocumentStore;

/**
 * {@code /status} (what an operator reads), {@code /metrics} (what Prometheus scrapes, in its text format) and
 * {@code /health} (what a load balancer or systemd watchdog asks: 200 when every phone server listens and the store
 * takes writes, 503 naming what is wrong otherwise).
 */
final class StatusRoutes {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final InventoryStatistics inventory;
    private final PluginRegistry plugins;
    private final AccessGuard guard;
    private final DocumentStore store;
    private final Supplier<List<ServerStatus>> servers;
    private final String version;
    private final Instant started;
    private final Set<String> expectedServers;

    /** @param expectedServers the protocols whose server must be present for the health check to pass */
    StatusRoutes(InventoryStatistics inventory, PluginRegistry plugins, AccessGuard guard, DocumentStore store,
            Supplier<List<ServerStatus>> servers, String version, Instant started, Set<String> expectedServers) {
        this.inventory = inventory;
        this.plugins = plugins;
        this.guard = guard;
        this.store = store;
        this.servers = servers;
        this.version = version;
        this.started = started;
        this.expectedServers = new TreeSet<>(expectedServers);
    }

    /** @param metricsAcl the ACL {@code /metrics} needs, or {@code null} when it is public */
    void addTo(Router router, String metricsAcl) {
        router.add("GET", "/status", "provd.status.read", call -> RestResponse.ok(status()))
                .add("GET", "/metrics", metricsAcl, call -> RestResponse.text(200, metrics(), PROMETHEUS_TEXT))
                .add("GET", "/health", null, call -> {
                    List<String> problems = problems();
                    Map<String, Object> health = new LinkedHashMap<>();
                    health.put("status", problems.isEmpty() ? "ok" : "fail");
                    if (!problems.isEmpty()) {
                        health.put("problems", problems);
                    }
                    return new RestResponse(problems.isEmpty() ? 200 : 503, health, null, null, Map.of());
                });
    }

    private Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("rest_api", Map.of("status", "ok"));
        status.put("version", version);
        status.put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds());
        status.put("devices", inventory.deviceCount());
        status.put("configs", inventory.configCount());
        status.put("plugins", plugins.plugins().size());
        Map<String, Object> byProtocol = new LinkedHashMap<>();
        for (ServerStatus server : servers.get()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", server.listeningPort().isPresent() ? "ok" : "fail");
            entry.put("port", server.listeningPort().isPresent() ? server.listeningPort().getAsInt() : null);
            entry.put("requests", server.requestsByOutcome());
            entry.putAll(server.figures());
            byProtocol.put(server.protocol(), entry);
        }
        status.put("servers", byProtocol);
        status.put("banned_ips", guard.bans().size());
        Map<String, Object> storeStatus = new LinkedHashMap<>();
        storeStatus.put("status", store.problem().isEmpty() ? "ok" : "fail");
        storeStatus.putAll(store.figures());
        status.put("store", storeStatus);
        return status;
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> missing = new TreeSet<>(expectedServers);
        for (ServerStatus server : servers.get()) {
            missing.remove(server.protocol());
            if (server.listeningPort().isEmpty()) {
                problems.add("the " + server.protocol().toUpperCase(Locale.ROOT) + " server is not listening");
            }
        }
        for (String protocol : missing) {
            problems.add("the " + protocol.toUpperCase(Locale.ROOT) + " server is not running");
        }
        store.problem().ifPresent(problem -> problems.add("the store: " + problem));
        return problems;
    }

    private String metrics() {
        PrometheusText text = new PrometheusText();
        List<ServerStatus> all = servers.get();
        text.family("provd_server_up", "gauge", "Whether a phone server listens (1) or not (0)");
        for (ServerStatus server : all) {
            text.sample("provd_server_up", Map.of("protocol", server.protocol()), server.listeningPort().isPresent() ? 1 : 0);
        }
        text.family("provd_requests_total", "counter", "Phone requests answered, by protocol and outcome");
        for (ServerStatus server : all) {
            server.requestsByOutcome().forEach((outcome, count) -> text.sample("provd_requests_total",
                    Map.of("protocol", server.protocol(), "outcome", outcome), count));
        }
        for (ServerStatus server : all) {
            text.figures("provd_" + server.protocol() + "_", server.figures(),
                    "See the " + server.protocol() + " server's status");
        }
        text.family("provd_banned_addresses", "gauge", "Addresses banned now for probing");
        text.sample("provd_banned_addresses", Map.of(), guard.bans().size());
        text.family("provd_devices", "gauge", "Devices, by plugin (empty: none)");
        inventory.devicesByPlugin().forEach((plugin, count) ->
                text.sample("provd_devices", Map.of("plugin", plugin), count));
        text.family("provd_configs", "gauge", "Configs");
        text.sample("provd_configs", Map.of(), inventory.configCount());
        text.family("provd_plugins", "gauge", "Plugins present");
        text.sample("provd_plugins", Map.of(), plugins.plugins().size());
        text.family("provd_configurations_total", "counter", "Devices' files rendered by their plugin");
        text.sample("provd_configurations_total", Map.of(), inventory.configurations());
        text.family("provd_configuration_failures_total", "counter", "Renderings a plugin refused or failed");
        text.sample("provd_configuration_failures_total", Map.of(), inventory.configurationFailures());
        text.family("provd_store_up", "gauge", "Whether the store takes writes (1) or not (0)");
        text.sample("provd_store_up", Map.of(), store.problem().isEmpty() ? 1 : 0);
        text.figures("provd_store_", store.figures(), "See the store's status");

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        text.family("jvm_memory_used_bytes", "gauge", "JVM memory in use");
        text.family("jvm_memory_max_bytes", "gauge", "JVM memory limit (-1: none)");
        for (Map.Entry<String, MemoryUsage> area : Map.of("heap", memory.getHeapMemoryUsage(),
                "nonheap", memory.getNonHeapMemoryUsage()).entrySet()) {
            text.sample("jvm_memory_used_bytes", Map.of("area", area.getKey()), area.getValue().getUsed());
            text.sample("jvm_memory_max_bytes", Map.of("area", area.getKey()), area.getValue().getMax());
        }
        text.family("jvm_threads_live", "gauge", "Live JVM threads");
        text.sample("jvm_threads_live", Map.of(), ManagementFactory.getThreadMXBean().getThreadCount());
        text.family("process_uptime_seconds", "gauge", "Seconds since provd started");
        text.sample("process_uptime_seconds", Map.of(), Duration.between(started, Instant.now()).toSeconds());
        return text.toString();
    }

    /** Prometheus' text exposition format: a family's HELP and TYPE lines once, then its samples. */
    static final class PrometheusText {
        private final Map<String, List<String>> families = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();

        void family(String name, String type, String help) {
            headers.putIfAbsent(name, "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n");
            families.computeIfAbsent(name, n -> new ArrayList<>());
        }

        void sample(String name, Map<String, String> labels, long value) {
            StringBuilder line = new StringBuilder(name);
            if (!labels.isEmpty()) {
                line.append('{');
                labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(label -> line
                        .append(label.getKey()).append("=\"").append(escape(label.getValue())).append("\","));
                line.setCharAt(line.length() - 1, '}');
            }
            line.append(' ').append(value).append('\n');
            families.computeIfAbsent(name, n -> new ArrayList<>()).add(line.toString());
        }

        /** One family per figure, {@code prefix + name}: counters when the name ends in {@code _total}. */
        void figures(String prefix, Map<String, Long> figures, String help) {
            figures.forEach((name, value) -> {
                family(prefix + name, name.endsWith("_total") ? "counter" : "gauge", help);
                sample(prefix + name, Map.of(), value);
            });
        }

        private static String escape(String value) {
            return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            families.forEach((name, samples) -> {
                out.append(Optional.ofNullable(headers.get(name)).orElse(""));
                samples.forEach(out::append);
            });
            return out.toString();
        }
    }
}
