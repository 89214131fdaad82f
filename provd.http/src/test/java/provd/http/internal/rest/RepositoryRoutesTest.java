package provd.http.internal.rest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import provd.core.api.ConflictException;
import provd.core.api.InstalledPlugin;
import provd.core.api.NotFoundException;
import provd.core.api.Operation;
import provd.core.api.OperationStatus;
import provd.core.api.Operations;
import provd.core.api.PluginRepository;
import provd.core.api.RepositoryPlugin;

/** {@code /pg_mgr/install}: its ACLs, its answers' shapes, its operations, and 503 without a repository. */
class RepositoryRoutesTest {
    private static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";

    /** Operations that only hold a label and whether they failed. */
    static final class FakeOperations implements Operations {
        final Map<String, FakeOperation> started = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        public Operation start(String label) {
            FakeOperation operation = new FakeOperation(String.valueOf(ids.incrementAndGet()), label);
            started.put(operation.id(), operation);
            return operation;
        }

        @Override
        public Optional<OperationStatus> status(String id) {
            return Optional.ofNullable(started.get(id)).map(FakeOperation::status);
        }

        @Override
        public boolean remove(String id) {
            return started.remove(id) != null;
        }
    }

    record FakeOperation(String id, String label, AtomicReference<String> error) implements Operation {
        FakeOperation(String id, String label) {
            this(id, label, new AtomicReference<>());
        }

        OperationStatus status() {
            return new OperationStatus(Optional.of(id), label, error.get() == null ? OperationStatus.State.PROGRESS
                    : OperationStatus.State.FAIL, -1, -1, Optional.ofNullable(error.get()), List.of());
        }

        @Override
        public void progress(long current, long end) {
        }

        @Override
        public Operation child(String label) {
            return new FakeOperation(id, label);
        }

        @Override
        public void succeed() {
        }

        @Override
        public void fail(String reason) {
            error.set(reason);
        }

        @Override
        public <T> CompletionStage<T> track(CompletionStage<T> work) {
            return work;
        }
    }

    /** A repository that records what it is asked, and refuses plugin {@code none}. */
    static final class FakeRepository implements PluginRepository {
        final List<String> asked = new ArrayList<>();

        @Override
        public CompletionStage<List<RepositoryPlugin>> update(Operation operation) {
            asked.add("update");
            operation.fail("no plugin repository is configured");
            return new CompletableFuture<>();
        }

        @Override
        public List<RepositoryPlugin> installable() {
            return List.of(new RepositoryPlugin("a-1.0", "1.2", Map.of("", "A phones", "fr", "Téléphones A"), 42,
                    SHA1, "a-1.2.jar", Map.of("A, A1, 1.0", Map.of("lines", 2))));
        }

        @Override
        public List<InstalledPlugin> installed() {
            return List.of(new InstalledPlugin("a-1.0", "1.1", "A phones", Map.of(), true));
        }

        @Override
        public CompletionStage<InstalledPlugin> install(String id, Operation operation) {
            asked.add("install " + id);
            if (id.equals("none")) {
                throw new NotFoundException("the plugin repository has no plugin 'none'");
            }
            return new CompletableFuture<>();
        }

        @Override
        public CompletionStage<InstalledPlugin> upgrade(String id, Operation operation) {
            asked.add("upgrade " + id);
            return new CompletableFuture<>();
        }

        @Override
        public void uninstall(String id) {
            asked.add("uninstall " + id);
            if (id.equals("digium-2.8.1")) {
                throw new ConflictException("plugin 'digium-2.8.1' comes with the distribution");
            }
        }
    }

    private final FakeOperations operations = new FakeOperations();
    private final FakeRepository repository = new FakeRepository();
    private final AtomicReference<PluginRepository> present = new AtomicReference<>(repository);
    private final Router router = new Router();
    private final Json json = new Json();

    RepositoryRoutesTest() {
        new RepositoryRoutes(() -> Optional.ofNullable(present.get()), operations).addTo(router);
    }

    private Router.Match route(String method, String path) {
        return router.find(method, Router.segments(path))
                .orElseThrow(() -> new AssertionError("no route " + method + " " + path));
    }

    private RestResponse call(String method, String path, String body) {
        Router.Match match = route(method, path);
        return match.route().action().answer(new RestCall(match.parameters(), Map.of(),
                body == null ? new byte[0] : body.getBytes(UTF_8), json));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /pg_mgr/install, provd.pg_mgr.install.read",
            "POST, /pg_mgr/install/install, provd.pg_mgr.install.install.create",
            "POST, /pg_mgr/install/uninstall, provd.pg_mgr.install.uninstall.create",
            "POST, /pg_mgr/install/upgrade, provd.pg_mgr.install.upgrade.create",
            "POST, /pg_mgr/install/update, provd.pg_mgr.install.update.create",
            "GET, /pg_mgr/install/installed, provd.pg_mgr.install.installed.read",
            "GET, /pg_mgr/install/installable, provd.pg_mgr.install.installable.read",
            "GET, /pg_mgr/install/install/7, provd.operation.read",
            "DELETE, /pg_mgr/install/install/7, provd.operation.delete",
            "GET, /pg_mgr/install/upgrade/7, provd.operation.read",
            "DELETE, /pg_mgr/install/upgrade/7, provd.operation.delete",
            "GET, /pg_mgr/install/update/7, provd.operation.read",
            "DELETE, /pg_mgr/install/update/7, provd.operation.delete",
    })
    void eachRouteNeedsTheSpecsAcl(String method, String path, String acl) {
        Router.Match match = route(method, path);
        assertEquals(acl, match.route().aclFor(match.parameters()));
    }

    @Test
    void theServiceLinksToItsSixResources() {
        List<?> links = (List<?>) map(call("GET", "/pg_mgr/install", null).body()).get("links");
        assertEquals(List.of("srv.install.install", "srv.install.uninstall", "srv.install.installed",
                "srv.install.installable", "srv.install.upgrade", "srv.install.update"),
                links.stream().map(link -> map(link).get("rel")).toList());
        assertEquals("/provd/pg_mgr/install/install", map(links.get(0)).get("href"));
    }

    @Test
    void anInstallIsAnOperationReadAndDeletedUnderItsOwnPath() {
        RestResponse created = call("POST", "/pg_mgr/install/install", "{\"id\": \"a-1.0\"}");

        assertEquals(201, created.status());
        assertNull(created.body());
        assertEquals(List.of("install a-1.0"), repository.asked);
        String id = operations.started.keySet().iterator().next();
        assertEquals("/provd/pg_mgr/install/install/" + id, created.headers().get("Location"));
        assertEquals(Map.of("status", "install|progress"),
                call("GET", "/pg_mgr/install/install/" + id, null).body());
        assertThrows(NotFoundException.class, () -> call("GET", "/pg_mgr/install/update/" + id, null),
                "an install is not an update");
        assertEquals(204, call("DELETE", "/pg_mgr/install/install/" + id, null).status());
        assertThrows(NotFoundException.class, () -> call("GET", "/pg_mgr/install/install/" + id, null));
    }

    @Test
    void anUpdateAndAnUpgradeAreOperationsToo() {
        String update = call("POST", "/pg_mgr/install/update", "{}").headers().get("Location");
        String upgrade = call("POST", "/pg_mgr/install/upgrade", "{\"id\": \"a-1.0\"}").headers().get("Location");

        assertEquals(List.of("update", "upgrade a-1.0"), repository.asked);
        assertTrue(update.startsWith("/provd/pg_mgr/install/update/"), update);
        assertTrue(upgrade.startsWith("/provd/pg_mgr/install/upgrade/"), upgrade);
        assertEquals(Map.of("status", "update|fail", "error", "no plugin repository is configured"),
                call("GET", update.substring("/provd".length()), null).body());
    }

    @Test
    void aRefusalMadeAtOnceIsTheAnswerAndLeavesNoOperation() {
        assertThrows(NotFoundException.class, () -> call("POST", "/pg_mgr/install/install", "{\"id\": \"none\"}"));
        assertEquals(Map.of(), operations.started);
        RestException noId = assertThrows(RestException.class, () -> call("POST", "/pg_mgr/install/install", "{}"));
        assertEquals(400, noId.status());
        assertThrows(ConflictException.class,
                () -> call("POST", "/pg_mgr/install/uninstall", "{\"id\": \"digium-2.8.1\"}"));
        assertEquals(204, call("POST", "/pg_mgr/install/uninstall", "{\"id\": \"a-1.0\"}").status());
    }

    @Test
    void theListsHaveWazoProvdsShape() {
        Map<String, Object> installable = map(map(map(call("GET", "/pg_mgr/install/installable", null).body())
                .get("pkgs")).get("a-1.0"));
        assertEquals("1.2", installable.get("version"));
        assertEquals("A phones", installable.get("description"));
        assertEquals("Téléphones A", installable.get("description_fr"));
        assertEquals(42L, installable.get("dsize"));
        assertEquals(SHA1, installable.get("sha1sum"));
        assertEquals(Map.of("A, A1, 1.0", Map.of("lines", 2)), installable.get("capabilities"));
        assertFalse(installable.containsKey("filename"), "wazo-provd does not show the file name");

        assertEquals(Map.of("pkgs", Map.of("a-1.0", Map.of("version", "1.1", "description", "A phones",
                "capabilities", Map.of()))), call("GET", "/pg_mgr/install/installed", null).body());
    }

    @Test
    void withoutTheRepositoryItsRoutesAnswer503() {
        present.set(null);
        for (String[] request : new String[][] {{"POST", "/pg_mgr/install/install", "{\"id\": \"a-1.0\"}"},
                {"POST", "/pg_mgr/install/upgrade", "{\"id\": \"a-1.0\"}"}, {"POST", "/pg_mgr/install/update", "{}"},
                {"POST", "/pg_mgr/install/uninstall", "{\"id\": \"a-1.0\"}"},
                {"GET", "/pg_mgr/install/installed", null}, {"GET", "/pg_mgr/install/installable", null}}) {
            RestException unavailable = assertThrows(RestException.class,
                    () -> call(request[0], request[1], request[2]));
            assertEquals(503, unavailable.status(), request[1]);
            assertTrue(unavailable.getMessage().contains("provd.fetchfw"), unavailable.getMessage());
        }
        assertEquals(Map.of(), operations.started, "no operation is started for nothing");
        assertEquals(200, call("GET", "/pg_mgr/install", null).status());
    }
}
