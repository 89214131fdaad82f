package provd.plugin.digium.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.core.XMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import provd.core.api.Device;
import provd.core.api.MacAddress;
import provd.core.api.RawConfig;
import provd.core.spi.DeviceConfigurator;
import provd.core.spi.InvalidConfigurationException;
import provd.core.spi.PluginId;
import provd.core.spi.SyncRequest;
import provd.core.spi.Synchronizer;

/**
 * Renders a Digium phone's two files, {@code Digium/<mac>.cfg} (settings, SIP accounts, firmware) and
 * {@code Digium/<mac>-contacts.xml} (the function keys as a phonebook, BLF keys subscribing), from FreeMarker
 * templates. Operator templates in {@code <provd.home>/etc/templates/digium-2.8.1/} win over the bundled ones:
 * <ol>
 * <li>configuration file: {@code <mac>.cfg.ftl}, then {@code <Model>.ftl}, then {@code base.ftl}, each looked up in
 * the operator folder first, then in the bundle;</li>
 * <li>contacts file: {@code <mac>-contacts.xml.ftl}, then {@code contacts.ftl}, likewise.</li>
 * </ol>
 * Templates included by others ({@code base.ftl} from a model template) are looked up the same way. Every value
 * printed is XML-escaped (output format XML with auto-escaping). Templates are cached and re-checked every 5 seconds.
 *
 * <p>Synchronizing a phone is a {@code check-sync} NOTIFY to its IP address (or, through Asterisk, to its endpoint)
 * by the core's {@link Synchronizer}, which this binds dynamically: the plugin stays registered without it.
 *
 * <p>Thread-safe: the FreeMarker configuration is built once, at construction, and only read afterwards.
 */
@Component(service = DeviceConfigurator.class)
@PluginId(DigiumPlugin.ID)
public final class DigiumConfigurator implements DeviceConfigurator {
    private static final Logger LOG = LoggerFactory.getLogger(DigiumConfigurator.class);

    static final String PROVD_HOME = "provd.home";
    static final String DEFAULT_PROVD_HOME = "provd-home";
    static final String BASE_TEMPLATE = "base.ftl";
    static final String CONTACTS_TEMPLATE = "contacts.ftl";
    /** How long a template (or its absence) is trusted before the folder and the bundle are looked at again. */
    static final Duration TEMPLATE_UPDATE_DELAY = Duration.ofSeconds(5);

    private static final Pattern SENSITIVE = Pattern.compile(
            "/?(?:digium/)?[0-9a-f]{12}(?:\\.cfg|-contacts\\.xml)", Pattern.CASE_INSENSITIVE);

    private final Configuration freemarker;
    private final Path operatorTemplates;
    private final OperatorTemplateLoader operatorLoader;

    /** The core's synchronizer; null while it is absent (optional, so that the plugin does not go with it). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Synchronizer synchronizer;

    /** The DS constructor: reads {@code provd.home} from the framework (default {@code provd-home}). */
    @Activate
    public DigiumConfigurator(BundleContext context) {
        this(provdHome(context.getProperty(PROVD_HOME)));
    }

    /** A configurator whose operator templates live under {@code provdHome}, re-checked every 5 seconds. */
    DigiumConfigurator(Path provdHome) {
        this(provdHome, TEMPLATE_UPDATE_DELAY);
    }

    /** A configurator whose operator templates live under {@code provdHome}, re-checked every {@code updateDelay}. */
    DigiumConfigurator(Path provdHome, Duration updateDelay) {
        this(provdHome, updateDelay, null);
    }

    /** As {@link #DigiumConfigurator(Path, Duration)}, synchronizing phones through {@code synchronizer}. */
    DigiumConfigurator(Path provdHome, Duration updateDelay, Synchronizer synchronizer) {
        this.operatorTemplates = provdHome.resolve("etc").resolve("templates").resolve(DigiumPlugin.ID);
        this.operatorLoader = new OperatorTemplateLoader(operatorTemplates, updateDelay);
        this.freemarker = configuration(operatorLoader, updateDelay);
        this.synchronizer = synchronizer;
    }

    static Path provdHome(String property) {
        String home = property == null || property.isBlank() ? DEFAULT_PROVD_HOME : property.trim();
        return Path.of(home).toAbsolutePath().normalize();
    }

    /** The operator's template folder, {@code <provd.home>/etc/templates/digium-2.8.1}. */
    Path operatorTemplates() {
        return operatorTemplates;
    }

    private static Configuration configuration(OperatorTemplateLoader operatorLoader, Duration updateDelay) {
        Configuration c = new Configuration(Configuration.VERSION_2_3_34);
        c.setTemplateUpdateDelayMilliseconds(updateDelay.toMillis());
        MultiTemplateLoader loader = new MultiTemplateLoader(new TemplateLoader[] {
                operatorLoader,
                new ClassTemplateLoader(DigiumConfigurator.class, "/templates") });
        // not sticky: a template the operator adds later must win over the bundled one already found
        loader.setSticky(false);
        c.setTemplateLoader(loader);
        c.setDefaultEncoding(StandardCharsets.UTF_8.name());
        c.setOutputEncoding(StandardCharsets.UTF_8.name());
        c.setOutputFormat(XMLOutputFormat.INSTANCE);
        c.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
        c.setLocalizedLookup(false);
        // raw values printed as they are in JSON: 8667 (not 8,667), true/false
        c.setNumberFormat("computer");
        c.setBooleanFormat("c");
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setWrapUncheckedExceptions(true);
        c.setFallbackOnNullLoopVariable(false);
        c.setAPIBuiltinEnabled(false);
        c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        return c;
    }

    @Override
    public Map<String, byte[]> configure(Device device, RawConfig rawConfig) throws InvalidConfigurationException {
        MacAddress mac = mac(device);
        Optional<DigiumModel> model = device.model().flatMap(DigiumModel::of);
        if (model.isEmpty()) {
            LOG.debug("device {} ({}): model {} is not one of {}, rendering the common configuration",
                    device.id().orElse("?"), mac, device.model().orElse("unknown"),
                    Arrays.toString(DigiumModel.values()));
        }
        Map<String, Object> data = TemplateData.of(device, mac, model, rawConfig);

        Template config = deviceTemplate(mac.compact() + ".cfg.ftl",
                model.map(m -> m.name() + ".ftl").orElse(BASE_TEMPLATE), BASE_TEMPLATE);
        Template contacts = deviceTemplate(mac.compact() + "-contacts.xml.ftl", CONTACTS_TEMPLATE);

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(configPath(mac), render(config, data, device));
        files.put(contactsPath(mac), render(contacts, data, device));
        LOG.debug("device {} ({}): rendered {} with {} and {}", device.id().orElse("?"), mac, files.keySet(),
                config.getSourceName(), contacts.getSourceName());
        return files;
    }

    @Override
    public Set<String> deconfigure(Device device) {
        Optional<MacAddress> mac = device.mac().flatMap(MacAddress::parse);
        if (mac.isEmpty()) {
            return Set.of();
        }
        Set<String> paths = new LinkedHashSet<>();
        paths.add(configPath(mac.get()));
        paths.add(contactsPath(mac.get()));
        return paths;
    }

    /**
     * A {@code check-sync} NOTIFY (Digium phones reload their configuration on it), to the device's endpoint when its
     * SIP user name is known (used by the AMI method), to {@code sip:anonymous@<ip>} otherwise.
     */
    @Override
    public CompletionStage<Void> synchronize(Device device, RawConfig rawConfig) {
        String id = device.id().orElse("?");
        Synchronizer current = synchronizer;
        if (current == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "no synchronizer: the core's Synchronizer service is not available"));
        }
        Optional<String> ip = device.ip();
        if (ip.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("device " + id + " has no IP address"));
        }
        SyncRequest request;
        try {
            request = SyncRequest.checkSync(ip.get()).withSipUsername(device.remoteStateSipUsername().orElse(null));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("device " + id + ": " + e.getMessage()));
        }
        return current.synchronize(request);
    }

    @Override
    public Optional<String> remoteStateTriggerFilename(Device device) {
        return device.mac().flatMap(MacAddress::parse).map(DigiumConfigurator::configPath);
    }

    @Override
    public boolean isSensitiveFilename(String path) {
        return path != null && SENSITIVE.matcher(path).matches();
    }

    static String configPath(MacAddress mac) {
        return DigiumPlugin.FOLDER + "/" + mac.compact() + ".cfg";
    }

    static String contactsPath(MacAddress mac) {
        return DigiumPlugin.FOLDER + "/" + mac.compact() + "-contacts.xml";
    }

    private static MacAddress mac(Device device) throws InvalidConfigurationException {
        String text = device.mac().orElseThrow(() -> new InvalidConfigurationException(Device.MAC,
                "missing: a Digium phone's files are named after its MAC address"));
        MacAddress mac = MacAddress.parse(text).orElseThrow(() -> new InvalidConfigurationException(Device.MAC,
                "not a MAC address: '" + text + "'"));
        if (mac.isZero()) {
            throw new InvalidConfigurationException(Device.MAC, "00:00:00:00:00:00 is no MAC address");
        }
        return mac;
    }

    /**
     * The operator's template for this very device when the operator folder has one (it can be nowhere else), or
     * else the first of {@code others} found.
     */
    private Template deviceTemplate(String perDevice, String... others) {
        if (!operatorLoader.holds(perDevice)) {
            return template(others);
        }
        String[] names = new String[others.length + 1];
        names[0] = perDevice;
        System.arraycopy(others, 0, names, 1, others.length);
        return template(names); // the others still, should the operator remove it meanwhile
    }

    /** The first of {@code names} found, operator folder first for each. */
    private Template template(String... names) {
        for (String name : names) {
            try {
                Template t = freemarker.getTemplate(name, null, null, null, true, true);
                if (t != null) {
                    return t;
                }
            } catch (IOException e) {
                throw new IllegalStateException("template " + name + " of " + DigiumPlugin.ID + " is broken: "
                        + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("none of the templates " + String.join(", ", names) + " found");
    }

    private static byte[] render(Template template, Map<String, Object> data, Device device) {
        StringWriter out = new StringWriter(4096);
        try {
            template.process(data, out);
        } catch (TemplateException | IOException e) {
            throw new IllegalStateException("template " + template.getSourceName() + " failed for device "
                    + device.id().orElse("?") + ": " + e.getMessage(), e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
