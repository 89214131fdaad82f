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
    /** The symbolic name of plugin repo-test's bundle, which tests install from a plugin repository. */
    public static final String REPOSITORY_SYMBOLIC_NAME = "provd.it.repoplugin";

    private TestPluginBundle() {
    }

    /** Version 1.0.0: plugin test-1.0 with all three services, plus an extractor without a plugin id. */
    public static Path v1(Path dir) throws Exception {
        return build(dir.resolve(SYMBOLIC_NAME + "-1.0.0.jar"), Map.of("Bundle-SymbolicName", SYMBOLIC_NAME,
                "Bundle-Version", "1.0.0", "Private-Package", "provd.it.plugin.v1"));
    }

    /** Version 2.0.0 of the same bundle: plugin test-2.0, with only an associator. */
    public static Path v2(Path dir) throws Exception {
        return build(dir.resolve(SYMBOLIC_NAME + "-2.0.0.jar"), Map.of("Bundle-SymbolicName", SYMBOLIC_NAME,
                "Bundle-Version", "2.0.0", "Private-Package", "provd.it.plugin.v2"));
    }

    /**
     * Version 1.0.0 declaring firmware packages: {@code catalog} (a pkgs.db) as {@code pkgs/pkgs.db}, named by its
     * {@code Provd-Packages} header for plugin test-1.0.
     */
    public static Path v1WithPackages(Path dir, String catalog) throws Exception {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("catalog")).resolve("pkgs.db"), catalog);
        return build(dir.resolve(SYMBOLIC_NAME + "-1.0.0.jar"), Map.of("Bundle-SymbolicName", SYMBOLIC_NAME,
                "Bundle-Version", "1.0.0", "Private-Package", "provd.it.plugin.v1",
                "Provd-Packages", "pkgs/pkgs.db;plugin=test-1.0", "-includeresource", "pkgs/pkgs.db=" + file));
    }

    /**
     * Plugin repo-test ({@code provd.it.plugin.repo}) in its version {@code 1.<generation - 1>}: bundle version
     * {@code 1.0.0} renders {@code generation=1}, {@code 1.1.0} renders {@code generation=2}; each with its
     * plugin-info. The jar is {@code repo-test-1.0.jar} or {@code repo-test-1.1.jar}.
     */
    public static Path repositoryPlugin(Path dir, int generation) throws Exception {
        String version = "1." + (generation - 1);
        Path info = dir.resolve("repo-test-" + version + "-plugin-info.json");
        Files.writeString(info, "{\"version\": \"" + version + "\", \"description\": \"RepoTest phones, generation "
                + generation + "\", \"capabilities\": {\"RepoTest, R1, " + version + "\": {\"sip.lines\": 1}}}");
        return build(dir.resolve("repo-test-" + version + ".jar"), Map.of(
                "Bundle-SymbolicName", REPOSITORY_SYMBOLIC_NAME,
                "Bundle-Version", version + ".0",
                "Private-Package", "provd.it.plugin.repo, provd.it.plugin.repo.v" + generation,
                "Provd-PluginInfo", "plugin-info.json",
                "-includeresource", "plugin-info.json=" + info.toAbsolutePath()));
    }

    private static Path build(Path output, Map<String, String> instructions) throws Exception {
        try (Builder builder = new Builder()) {
            instructions.forEach(builder::setProperty);
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
