package provd.plugin.digium.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import freemarker.cache.FileTemplateLoader;
import freemarker.cache.TemplateLoader;

/**
 * Loads the operator's templates from {@code <provd.home>/etc/templates/digium-2.8.1/}, a folder that may not exist
 * yet when the plugin starts: until it does, every lookup misses (and falls through to the bundled templates). The
 * files are read by a {@link FileTemplateLoader}, which refuses names escaping the folder.
 *
 * <p>It also answers whether the folder holds a given template, from a listing at most the update delay old: the
 * per-device templates are looked for on every render, most devices have none, and FreeMarker would otherwise look
 * for each one on disk and in the bundle, then keep a negative entry per device in its cache.
 */
final class OperatorTemplateLoader implements TemplateLoader {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorTemplateLoader.class);

    private final Path dir;
    private final long listingLifetimeNanos;
    private volatile FileTemplateLoader files;
    private volatile Listing listing;

    private record Listing(Set<String> names, long listedAtNanos) {
    }

    /** @param updateDelay how long a listing of the folder is trusted */
    OperatorTemplateLoader(Path dir, Duration updateDelay) {
        this.dir = dir;
        this.listingLifetimeNanos = updateDelay.toNanos();
    }

    /** Whether the folder holds a file {@code name}, directly in it, as of a listing at most the update delay old. */
    boolean holds(String name) {
        Listing current = listing;
        long now = System.nanoTime();
        if (current == null || now - current.listedAtNanos() >= listingLifetimeNanos) {
            current = new Listing(list(), now);
            listing = current;
        }
        return current.names().contains(name);
    }

    private Set<String> list() {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile).map(entry -> entry.getFileName().toString())
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            LOG.warn("cannot list the operator templates in {}: {}", dir, e.toString());
            return Set.of();
        }
    }

    @Override
    public Object findTemplateSource(String name) throws IOException {
        FileTemplateLoader loader = loader();
        return loader == null ? null : loader.findTemplateSource(name);
    }

    @Override
    public long getLastModified(Object templateSource) {
        return loader().getLastModified(templateSource);
    }

    @Override
    public Reader getReader(Object templateSource, String encoding) throws IOException {
        return loader().getReader(templateSource, encoding);
    }

    @Override
    public void closeTemplateSource(Object templateSource) throws IOException {
        loader().closeTemplateSource(templateSource);
    }

    /** The file loader once the folder exists; sources only ever come from it, so it is set when they are used. */
    private FileTemplateLoader loader() {
        FileTemplateLoader loader = files;
        if (loader == null && Files.isDirectory(dir)) {
            synchronized (this) {
                if (files == null) {
                    try {
                        files = new FileTemplateLoader(dir.toFile());
                        LOG.info("operator templates for {} read from {}", DigiumPlugin.ID, dir);
                    } catch (IOException e) {
                        LOG.warn("cannot read operator templates from {}: {}", dir, e.toString());
                    }
                }
                loader = files;
            }
        }
        return loader;
    }

    @Override
    public String toString() {
        return "OperatorTemplateLoader(" + dir + ")";
    }
}
