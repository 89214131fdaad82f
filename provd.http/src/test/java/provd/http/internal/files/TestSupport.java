package provd.http.internal.files;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import provd.core.api.AccessGuard;
import provd.core.api.Device;
import provd.core.api.ProvisioningRequest;
import provd.core.api.ProvisioningRoute;
import provd.core.api.ProvisioningService;

/** Small real collaborators for the server, and its typed configuration built from a map. */
final class TestSupport {
    private TestSupport() {
    }

    /** A {@link PhoneHttpServer.Config} with {@code values} (keys as the method names), defaults elsewhere. */
    static PhoneHttpServer.Config config(Map<String, ?> values) {
        return (PhoneHttpServer.Config) Proxy.newProxyInstance(PhoneHttpServer.Config.class.getClassLoader(),
                new Class<?>[] {PhoneHttpServer.Config.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return PhoneHttpServer.Config.class;
                        case "toString":
                            return "Config" + values;
                        case "hashCode":
                            return values.hashCode();
                        case "equals":
                            return proxy == args[0];
                        default:
                            Object v = values.get(method.getName());
                            return v != null ? v : method.getDefaultValue();
                    }
                });
    }

    /** Loopback, any free port, and {@code more}. */
    static PhoneHttpServer.Config localConfig(Object... more) {
        Map<String, Object> values = new HashMap<>();
        values.put("bind", "127.0.0.1");
        values.put("port", 0);
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return config(values);
    }

    /**
     * Routes every request to one directory, as plugin {@code test-1} serving device {@code d1}; {@code .cfg} files
     * are sensitive, and {@code trigger.cfg} is the remote-state trigger. Remembers the requests it saw and the
     * deliveries reported. {@code override} may route some paths otherwise.
     */
    static final class DirectoryRouter implements ProvisioningService {
        static final String TRIGGER = "trigger.cfg";
        final Path area;
        final List<ProvisioningRequest> requests = new CopyOnWriteArrayList<>();
        final List<ProvisioningRoute> delivered = new CopyOnWriteArrayList<>();
        volatile Function<ProvisioningRequest, ProvisioningRoute> override = r -> null;

        DirectoryRouter(Path area) {
            this.area = area;
        }

        @Override
        public ProvisioningRoute route(ProvisioningRequest request) {
            requests.add(request);
            ProvisioningRoute special = override.apply(request);
            if (special != null) {
                return special;
            }
            String path = request.path();
            ProvisioningRoute route = ProvisioningRoute.served(Device.of(Map.of("id", "d1")), "test-1", area,
                    path.endsWith(".cfg"));
            return path.equals("/" + TRIGGER) ? route.asRemoteStateTrigger() : route;
        }

        @Override
        public void delivered(ProvisioningRoute route) {
            delivered.add(route);
        }

        ProvisioningRequest last() {
            return requests.get(requests.size() - 1);
        }
    }

    /** Counts misses; bans the addresses it is told to. */
    static final class CountingGuard implements AccessGuard {
        final Set<InetAddress> banned = ConcurrentHashMap.newKeySet();
        final Map<InetAddress, AtomicLong> misses = new ConcurrentHashMap<>();
        final List<String> missedPaths = new CopyOnWriteArrayList<>();

        @Override
        public boolean isBanned(InetAddress client) {
            return banned.contains(client);
        }

        @Override
        public void recordMiss(InetAddress client, String path) {
            misses.computeIfAbsent(client, c -> new AtomicLong()).incrementAndGet();
            missedPaths.add(path);
        }

        @Override
        public long misses(InetAddress client) {
            AtomicLong n = misses.get(client);
            return n == null ? 0 : n.get();
        }

        @Override
        public Map<InetAddress, Instant> bans() {
            Map<InetAddress, Instant> bans = new HashMap<>();
            banned.forEach(a -> bans.put(a, Instant.MAX));
            return bans;
        }
    }

    /**
     * A file area under {@code root} with a secret just outside it ({@code secret.txt}, {@code etc/passwd}) and links
     * inside it pointing out ({@code link.cfg}, {@code sub/link-up.cfg}); the area holds {@code sub/}.
     *
     * @return the area
     */
    static Path areaBesideSecret(Path root, String secret) throws IOException {
        Path area = Files.createDirectories(root.resolve("area"));
        Files.writeString(root.resolve("secret.txt"), secret);
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), secret);
        Files.createDirectories(area.resolve("sub"));
        Files.createSymbolicLink(area.resolve("link.cfg"), Path.of("../secret.txt"));
        Files.createSymbolicLink(area.resolve("sub/link-up.cfg"), root.resolve("secret.txt"));
        return area;
    }
}
