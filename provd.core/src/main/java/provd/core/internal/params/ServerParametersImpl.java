package provd.core.internal.params;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.api.InvalidDocumentException;
import provd.core.api.NotFoundException;
import provd.core.api.ServerParameters;
import provd.core.internal.ProvdHome;

/**
 * The server parameters, each kept as one key of a configuration PID, so that the components using them get them
 * the usual way (Declarative Services) and an operator can also set them by editing {@code etc/<pid>.cfg}. A change
 * is written into that file (atomically) and given to Configuration Admin at once; FileInstall, seeing the file
 * change, finds the configuration already up to date.
 */
@Component
public final class ServerParametersImpl implements ServerParameters {
    /** The PID of the parameters no other component owns. */
    public static final String PID = "provd.params";
    /** The downloader's PID (provd.fetchfw), which has the HTTP and HTTPS proxies: it applies them at once. */
    static final String DOWNLOAD_PID = "provd.download";
    private static final Logger LOG = LoggerFactory.getLogger(ServerParametersImpl.class);

    /** Where a parameter lives, how its value reads in the REST API, and how it is written in the PID. */
    private record Definition(String id, String description, String pid, String key,
            Function<String, String> toStored, Function<Object, String> fromStored) {
    }

    private final List<Definition> definitions = List.of(
            plain(PLUGIN_SERVER, "The plugin repository URL", ParameterValues::url),
            stored(HTTP_PROXY, "The proxy for HTTP downloads: host:port or http://[user:password@]host:port",
                    DOWNLOAD_PID, ".http.proxy", ParameterValues::proxy),
            stored(HTTPS_PROXY, "The proxy for HTTPS downloads: host:port or http://[user:password@]host:port",
                    DOWNLOAD_PID, ".https.proxy", ParameterValues::proxy),
            plain(FTP_PROXY, "The proxy for FTP downloads: http://[user:password@]host:port", ParameterValues::proxy),
            plain(LOCALE, "The locale, e.g. fr_FR", ParameterValues::locale),
            new Definition(NAT, "1 when all the devices are behind a NAT, 0 otherwise", "provd.identification", "nat",
                    ParameterValues::natToStored, ParameterValues::natFromStored));

    private final ConfigurationAdmin configurationAdmin;
    private final Path etc;
    private final Object lock = new Object();

    @Activate
    public ServerParametersImpl(@Reference ConfigurationAdmin configurationAdmin, BundleContext context) {
        this(configurationAdmin, ProvdHome.of(context).resolve("etc"));
    }

    ServerParametersImpl(ConfigurationAdmin configurationAdmin, Path etc) {
        this.configurationAdmin = configurationAdmin;
        this.etc = etc;
    }

    /** A parameter of {@link #PID}, under its own name. */
    private static Definition plain(String id, String description, Function<String, String> check) {
        return stored(id, description, PID, id, check);
    }

    /** A parameter kept as it reads, under {@code key} of the PID of the component that uses it. */
    private static Definition stored(String id, String description, String pid, String key,
            Function<String, String> check) {
        return new Definition(id, description, pid, key, check,
                stored -> stored == null ? "" : String.valueOf(stored));
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> parameters = new ArrayList<>();
        for (Definition definition : definitions) {
            parameters.add(read(definition));
        }
        return parameters;
    }

    @Override
    public Optional<Parameter> parameter(String id) {
        return definition(id).map(this::read);
    }

    @Override
    public void set(String id, String value) {
        Definition definition = definition(id).orElseThrow(() -> new NotFoundException("no parameter '" + id + "'"));
        String stored;
        try {
            stored = definition.toStored().apply(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException(id, e.getMessage());
        }
        synchronized (lock) {
            try {
                CfgFile.set(etc.resolve(definition.pid() + ".cfg"), definition.key(), stored);
                Configuration configuration = configurationAdmin.getConfiguration(definition.pid(), "?");
                Dictionary<String, Object> properties = configuration.getProperties();
                Dictionary<String, Object> updated = properties == null ? new Hashtable<>() : copy(properties);
                if (stored.isEmpty()) {
                    updated.remove(definition.key());
                } else {
                    updated.put(definition.key(), stored);
                }
                configuration.update(updated);
            } catch (IOException e) {
                throw new IllegalStateException("parameter " + id + " could not be saved: " + e.getMessage(), e);
            }
        }
        // the value may hold a proxy password: never logged
        LOG.info("parameter {} {}", id, stored.isEmpty() ? "unset" : "changed");
    }

    private Parameter read(Definition definition) {
        Object stored = null;
        try {
            Configuration configuration = configurationAdmin.getConfiguration(definition.pid(), "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            stored = properties == null ? null : properties.get(definition.key());
        } catch (IOException e) {
            LOG.warn("cannot read the configuration {}: {}", definition.pid(), e.getMessage());
        }
        String value = definition.fromStored().apply(stored);
        return new Parameter(definition.id(), definition.description(),
                value.isEmpty() ? Optional.empty() : Optional.of(value));
    }

    private Optional<Definition> definition(String id) {
        return definitions.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (String key : Collections.list(properties.keys())) {
            copy.put(key, properties.get(key));
        }
        return copy;
    }
}
