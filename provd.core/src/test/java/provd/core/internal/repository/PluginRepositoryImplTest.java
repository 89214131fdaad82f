package provd.core.internal.repository;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.core.api.ConflictException;
import provd.core.api.NotFoundException;
import provd.core.api.PluginDescriptor;
import provd.core.api.PluginRegistry;
import provd.core.api.PluginService;
import provd.core.api.RepositoryPlugin;
import provd.core.internal.TestPlugins;
import provd.fetchfw.api.Download;
import provd.fetchfw.api.DownloadException;
import provd.fetchfw.api.DownloadProgress;
import provd.fetchfw.api.Downloader;

/** The repository's index and the refusals made before any bundle is touched. */
class PluginRepositoryImplTest {
    private static final String SERVER = "http://repo.test/plugins/";
    private static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";

    record Settings(int start_timeout_seconds) implements PluginRepositoryImpl.Config {
        @Override
        public Class<? extends Annotation> annotationType() {
            return PluginRepositoryImpl.Config.class;
        }
    }

    /** Serves files by URL into a cache directory, reporting their progress in two steps. */
    static final class FakeDownloader implements Downloader {
        final Map<String, byte[]> files = new ConcurrentHashMap<>();
        final Path cache;

        FakeDownloader(Path cache) {
            this.cache = cache;
        }

        @Override
        public Path fetch(Download download, DownloadProgress progress) throws DownloadException {
            String url = download.source().orElseThrow().toString();
            byte[] content = files.get(url);
            if (content == null) {
                throw new DownloadException(DownloadException.Reason.HTTP_STATUS, url + ": 404 Not Found");
            }
            progress.progress(content.length / 2, content.length);
            progress.progress(content.length, content.length);
            try {
                Files.createDirectories(cache);
                return Files.write(cache.resolve(download.cacheName()), content);
            } catch (IOException e) {
                throw new DownloadException(DownloadException.Reason.IO, e.getMessage(), e);
            }
        }

        @Override
        public Path cacheDirectory() {
            return cache;
        }
    }

    /** The plugins present, by id. */
    static final class FakeRegistry implements PluginRegistry {
        final Map<String, PluginDescriptor> present = new ConcurrentHashMap<>();

        @Override
        public List<PluginDescriptor> plugins() {
            return present.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
        }

        @Override
        public Optional<PluginDescriptor> plugin(String id) {
            return Optional.ofNullable(present.get(id));
        }

        @Override
        public Optional<Map<String, Object>> info(String id) {
            return Optional.empty();
        }

        @Override
        public void reload(String id) {
            throw new UnsupportedOperationException();
        }
    }

    @TempDir
    Path dir;
    private final FakeRegistry registry = new FakeRegistry();
    private FakeDownloader downloader;
    private PluginRepositoryImpl repository;

    private PluginRepositoryImpl open(String server) {
        downloader = downloader == null ? new FakeDownloader(dir.resolve("cache")) : downloader;
        // no bundle is touched by what is tested here: no bundle context
        return new PluginRepositoryImpl(downloader, registry, new TestPlugins(), () -> server, null,
                dir.resolve("data"), new Settings(5));
    }

    @AfterEach
    void close() {
        if (repository != null) {
            repository.deactivate();
        }
    }

    private static String index(String... entries) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < entries.length; i += 2) {
            json.append(i == 0 ? "" : ",").append('"').append(entries[i]).append("\": {\"version\": \"")
                    .append(entries[i + 1]).append("\", \"description\": \"plugin ").append(entries[i])
                    .append("\", \"dsize\": 3, \"filename\": \"").append(entries[i]).append(".jar\", \"sha1sum\": \"")
                    .append(SHA1).append("\"}");
        }
        return json.append('}').toString();
    }

    private void serveIndex(String json) {
        downloader.files.put(SERVER + "plugins.db", json.getBytes(UTF_8));
    }

    private List<String> installableIds() {
        return repository.installable().stream().map(p -> p.id() + " " + p.version()).toList();
    }

    @Test
    void anUpdateReadsTheIndexWithProgressAndKeepsItAcrossRestarts() throws Exception {
        repository = open(SERVER);
        assertEquals(List.of(), repository.installable());
        String json = index("b-1.0", "1.1", "a-1.0", "1.0");
        serveIndex(json);

        RecordingOperation operation = new RecordingOperation("update");
        List<RepositoryPlugin> entries = repository.update(operation).toCompletableFuture().join();

        assertEquals(List.of("a-1.0", "b-1.0"), entries.stream().map(RepositoryPlugin::id).toList());
        assertEquals(List.of("a-1.0 1.0", "b-1.0 1.1"), installableIds());
        int size = json.getBytes(UTF_8).length;
        assertEquals("update|success(download|success;" + size + "/" + size + ")", operation.toString());
        assertFalse(Files.exists(downloader.cache.resolve("plugins.db")), "an index is never reused from the cache");

        repository.deactivate();
        repository = open(SERVER);
        assertEquals(List.of("a-1.0 1.0", "b-1.0 1.1"), installableIds(), "kept across restarts");
    }

    @Test
    void aBadIndexIsRefusedWholeNamingTheEntryAndThePreviousOneIsKept() throws Exception {
        repository = open(SERVER);
        serveIndex(index("a-1.0", "1.0"));
        repository.update(new RecordingOperation("update")).toCompletableFuture().join();
        byte[] kept = Files.readAllBytes(dir.resolve("data/repository/plugins.db"));

        serveIndex(index("a-1.0", "1.1", "b-1.0", "1.0").replaceFirst("\"sha1sum\": \"0123", "\"sha1sum\": \"zz23"));
        RecordingOperation operation = new RecordingOperation("update");
        CompletionException failed = assertThrows(CompletionException.class,
                () -> repository.update(operation).toCompletableFuture().join());

        assertTrue(failed.getCause().getMessage().contains("entry 'a-1.0' is refused: sha1sum"),
                failed.getCause().getMessage());
        assertTrue(operation.toString().startsWith("update|fail"), operation.toString());
        assertTrue(operation.error().contains("the previous index is kept"), operation.error());
        assertEquals(List.of("a-1.0 1.0"), installableIds());
        assertEquals(new String(kept, UTF_8), Files.readString(dir.resolve("data/repository/plugins.db")));
    }

    @Test
    void withoutAPluginServerAnUpdateFailsSayingWhatToSet() {
        repository = open("");
        RecordingOperation operation = new RecordingOperation("update");

        assertThrows(CompletionException.class, () -> repository.update(operation).toCompletableFuture().join());

        assertTrue(operation.error().contains("set the plugin_server parameter"), operation.error());
    }

    @Test
    void aFailedDownloadFailsTheOperationWithTheDownloadersReason() {
        repository = open("http://repo.test/elsewhere");
        RecordingOperation operation = new RecordingOperation("update");

        assertThrows(CompletionException.class, () -> repository.update(operation).toCompletableFuture().join());

        assertTrue(operation.error().contains("cannot download http://repo.test/elsewhere/plugins.db"),
                operation.error());
        assertTrue(operation.error().contains("404"), operation.error());
        assertTrue(operation.toString().contains("(download|fail"), operation.toString());
    }

    @Test
    void installAndUpgradeRefuseAtOnceWhatTheyCannotDo() throws Exception {
        repository = open(SERVER);
        NotFoundException none = assertThrows(NotFoundException.class,
                () -> repository.install("a-1.0", new RecordingOperation("install")));
        assertTrue(none.getMessage().contains("update its index"), none.getMessage());

        serveIndex(index("a-1.0", "1.0"));
        repository.update(new RecordingOperation("update")).toCompletableFuture().join();
        assertThrows(NotFoundException.class, () -> repository.install("b-1.0", new RecordingOperation("install")));
        registry.present.put("a-1.0", new PluginDescriptor("a-1.0", 42, "a", "1.0.0",
                EnumSet.allOf(PluginService.class)));
        ConflictException installed = assertThrows(ConflictException.class,
                () -> repository.install("a-1.0", new RecordingOperation("install")));
        assertEquals("plugin 'a-1.0' is installed already", installed.getMessage());
    }
}
