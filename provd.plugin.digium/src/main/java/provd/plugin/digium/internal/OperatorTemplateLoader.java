package provd.plugin.digium.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import freemarker.cache.FileTemplateLoader;
import freemarker.cache.TemplateLoader;

/**
 * Loads the operator's templates from {@code <provd.home>/etc/templates/digium-2.8.1/}, a folder that may not exist
 * yet when the plugin starts: until it does, every lookup misses (and falls through to the bundled templates). The
 * files are read by a {@link FileTemplateLoader}, which refuses names escaping the folder.
 */
final class OperatorTemplateLoader implements TemplateLoader {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorTemplateLoader.class);

    private final Path dir;
    private volatile FileTemplateLoader files;

    OperatorTemplateLoader(Path dir) {
        this.dir = dir;
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
