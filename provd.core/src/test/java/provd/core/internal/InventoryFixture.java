package provd.core.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import provd.core.internal.store.JsonDocumentStore;
import provd.core.store.DocumentStore;

/**
 * A {@link ProvisioningInventory} over a real {@link JsonDocumentStore} in {@code <data>/jsondb}, with its plugins'
 * file areas under {@code <data>/plugins}. Phones reach the server at {@value #IP}, HTTP port {@value #HTTP_PORT}.
 */
public final class InventoryFixture implements AutoCloseable {
    public static final String IP = "10.0.0.1";
    public static final int HTTP_PORT = 8667;
    public static final int TFTP_PORT = 69;
    public static final String BASE_URL = "http://" + IP + ":" + HTTP_PORT;

    public record ServerSettings(String ip, int http_port, int tftp_port, String http_base_url, int configure_threads)
            implements ProvisioningInventory.Settings {
        @Override
        public Class<? extends Annotation> annotationType() {
            return ProvisioningInventory.Settings.class;
        }
    }

    public final Path dataDir;
    public final CountingStore store;
    public final ProvisioningInventory inventory;
    private final JsonDocumentStore jsonStore;
    private final int configureThreads;
    private boolean closed;

    private InventoryFixture(Path dataDir, PluginServices plugins, int configureThreads) throws IOException {
        this.dataDir = dataDir;
        this.configureThreads = configureThreads;
        this.jsonStore = openStore(dataDir.resolve("jsondb"));
        this.store = new CountingStore(jsonStore);
        this.inventory = new ProvisioningInventory(store, plugins, dataDir,
                new ServerSettings(IP, HTTP_PORT, TFTP_PORT, "", configureThreads));
    }

    /** @param configureThreads 1 makes background configurations run one at a time, in submission order */
    public static InventoryFixture open(Path dataDir, PluginServices plugins, int configureThreads)
            throws IOException {
        return new InventoryFixture(dataDir, plugins, configureThreads);
    }

    public static JsonDocumentStore openStore(Path directory) {
        return new JsonDocumentStore(directory, 2);
    }

    /** Changes the base URL phones are told, as a configuration change of the server would. */
    public void setBaseUrl(String httpBaseUrl) {
        inventory.modified(new ServerSettings(IP, HTTP_PORT, TFTP_PORT, httpBaseUrl, configureThreads));
    }

    /** Waits until every write so far is on disk. */
    public void flush() throws Exception {
        inventory.flush().get(10, TimeUnit.SECONDS);
    }

    public Path documentFile(String collection, String id) {
        return dataDir.resolve("jsondb").resolve(collection).resolve(id);
    }

    public Path deviceFile(String id) {
        return documentFile(DocumentStore.DEVICES, id);
    }

    /** A file of a plugin's file area. */
    public Path pluginFile(String pluginId, String relative) {
        return dataDir.resolve("plugins").resolve(pluginId).resolve("var").resolve("tftpboot").resolve(relative);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            inventory.deactivate();
            jsonStore.close();
        }
    }
}
