package provd.it.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;

/** Builds the test plugin bundles from this module's test classes, at test time, with bnd. */
public final class TestPluginBundle {
    public static final String SYMBOLIC_NAME = "provd.it.testplugin";

    private TestPluginBundle() {
    }

    /** Version 1.0.0: plugin test-1.0 with all three services, plus an extractor without a plugin id. */
    public static Path v1(Path dir) throws Exception {
        return build(dir, "provd.it.plugin.v1", "1.0.0");
    }

    /** Version 2.0.0 of the same bundle: plugin test-2.0, with only an associator. */
    public static Path v2(Path dir) throws Exception {
        return build(dir, "provd.it.plugin.v2", "2.0.0");
    }

    /**
     * Version 1.0.0 declaring firmware packages: {@code catalog} (a pkgs.db) as {@code pkgs/pkgs.db}, named by its
     * {@code Provd-Packages} header for plugin test-1.0.
     */
    public static Path v1WithPackages(Path dir, String catalog) throws Exception {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("catalog")).resolve("pkgs.db"), catalog);
        return build(dir, "provd.it.plugin.v1", "1.0.0", Map.of("Provd-Packages", "pkgs/pkgs.db;plugin=test-1.0",
                "-includeresource", "pkgs/pkgs.db=" + file));
    }

    private static Path build(Path dir, String pkg, String version) throws Exception {
        return build(dir, pkg, version, Map.of());
    }

    private static Path build(Path dir, String pkg, String version, Map<String, String> instructions)
            throws Exception {
        Path output = dir.resolve(SYMBOLIC_NAME + "-" + version + ".jar");
        try (Builder builder = new Builder()) {
            instructions.forEach(builder::setProperty);
            builder.setProperty("Bundle-SymbolicName", SYMBOLIC_NAME);
            builder.setProperty("Bundle-Version", version);
            builder.setProperty("Private-Package", pkg);
            builder.setProperty("-dsannotations", "*");
            builder.addClasspath(new File("target/test-classes"));
            builder.addClasspath(new File(System.getProperty("provd.core.jar")));
            try (Jar jar = builder.build()) {
                if (!builder.isOk()) {
                    throw new IllegalStateException("cannot build the test plugin: " + builder.getErrors());
                }
                jar.write(output.toFile());
            }
        }
        return output;
    }
}
