package provd.it.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;

/**
 * A real Felix framework in the test JVM, running the bundles that the build resolved for provd.jar (exported to
 * the folder named by the {@code provd.runbundles} system property); the shell runs without a console.
 */
public final class InProcessFramework implements AutoCloseable {
    private static final String SLF4J_PACKAGES = Stream.of("org.slf4j", "org.slf4j.event", "org.slf4j.helpers",
            "org.slf4j.spi").map(p -> p + ";version=2.0.17").reduce((a, b) -> a + "," + b).orElseThrow();

    private final Framework framework;
    private final int httpPort;
    private final int tftpPort;

    private InProcessFramework(Framework framework, int httpPort, int tftpPort) {
        this.framework = framework;
        this.httpPort = httpPort;
        this.tftpPort = tftpPort;
    }

    /** The phone-facing HTTP server's port (on 127.0.0.1). */
    public int httpPort() {
        return httpPort;
    }

    /** The TFTP server's port (on 127.0.0.1). */
    public int tftpPort() {
        return tftpPort;
    }

    /** The jar the build resolved for a bundle of the runtime. */
    public static Path runtimeJar(String fileNamePrefix) throws IOException {
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("provd.runbundles")))) {
            return jars.filter(j -> j.getFileName().toString().startsWith(fileNamePrefix)).findFirst().orElseThrow();
        }
    }

    /** Starts the framework with its cache, FileInstall's folder and the provd home under {@code dir}. */
    public static InProcessFramework start(Path dir) throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        // the phone-facing servers on free ports of the loopback interface
        int tftpPort = FreePorts.udp();
        int httpPort = FreePorts.tcp();
        Files.writeString(etc.resolve("provd.tftp.cfg"), "bind = 127.0.0.1\nport = " + tftpPort + "\n");
        Files.writeString(etc.resolve("provd.http.cfg"), "bind = 127.0.0.1\nport = " + httpPort + "\n");
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, dir.resolve("framework").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // SLF4J comes from the test class path, as it comes from the launcher's class path in provd.jar.
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SLF4J_PACKAGES);
        properties.put("felix.fileinstall.dir", etc.toString());
        properties.put("provd.home", dir.toString());
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.poll", "200");
        properties.put("felix.fileinstall.enableConfigSave", "false"); // as in provd.bndrun
        // the shell's commands and converters, without a console reading the test's standard input
        properties.put("gosh.args", "--nointeractive --noshutdown");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(properties);
        framework.start();
        InProcessFramework running = new InProcessFramework(framework, httpPort, tftpPort);
        running.installRuntimeBundles();
        return running;
    }

    private void installRuntimeBundles() throws IOException, BundleException {
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("provd.runbundles")))) {
            for (Path jar : (Iterable<Path>) jars.sorted()::iterator) {
                installed.add(context.installBundle(jar.toUri().toString()));
            }
        }
        for (Bundle bundle : installed) {
            if ((bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) == 0) {
                bundle.start();
            }
        }
    }

    /** Each bundle's symbolic name and state, for failure messages. */
    public String bundleStates() {
        StringBuilder sb = new StringBuilder();
        for (Bundle bundle : context().getBundles()) {
            sb.append(bundle.getSymbolicName()).append('=').append(bundle.getState()).append(' ');
        }
        return sb.toString();
    }

    /** The installed bundle with this symbolic name. */
    public Bundle bundle(String symbolicName) {
        for (Bundle bundle : context().getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new IllegalArgumentException("no bundle " + symbolicName);
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /**
     * The service registered under {@code className}, waiting for it to appear. Looked up across class spaces: the
     * test class path has its own copy of provd's API, which the framework would otherwise hide the service from.
     */
    public Object awaitService(String className) {
        Object[] found = new Object[1];
        Await.until("service " + className, () -> {
            ServiceReference<?>[] references;
            try {
                references = context().getAllServiceReferences(className, null);
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            found[0] = references == null ? null : context().getService(references[0]);
            return found[0] != null;
        }, this::bundleStates);
        return found[0];
    }

    /** Runs a Gogo command and returns what it returned, as text, followed by what it printed. */
    public String execute(String command) {
        Object processor = awaitService("org.apache.felix.service.command.CommandProcessor");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(new byte[0]);
        OutputStream err = new ByteArrayOutputStream();
        Object session = Reflect.call(processor, "createSession", in, out, err);
        try {
            Object result = Reflect.call(session, "execute", command);
            return (result == null ? "" : result.toString()) + out.toString(StandardCharsets.UTF_8);
        } finally {
            Reflect.call(session, "close");
        }
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(30_000);
    }
}
