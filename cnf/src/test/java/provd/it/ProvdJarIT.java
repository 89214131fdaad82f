package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.it.support.FreePorts;
import provd.it.support.ProvdProcess;
import provd.it.support.TestPluginBundle;

/** The executable provd.jar, launched as operators launch it, driven through its shell on standard input. */
class ProvdJarIT {
    /** The launcher's exit code when the framework was stopped on request (felix:stop 0). */
    private static final int STOPPED_ON_REQUEST = 117;
    /** A JVM that ended on SIGTERM after running its shutdown hooks. */
    private static final int TERMINATED = 143;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LB_LINE = Pattern.compile("^\\s*(\\d+)\\|(\\w+)\\s*\\|\\s*\\d+\\|(\\S+)", Pattern.MULTILINE);
    private static final Pattern INSTALLED_ID = Pattern.compile("Bundle ID: (\\d+)");

    @TempDir
    Path dir;

    @Test
    void startsEveryBundleActiveInAFreshHomeAndStopsOnFelixStop() throws Exception {
        Path home = dir.resolve("home");
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            Map<String, String> states = provd.commandUntil("felix:lb -s",
                    lb -> states(lb).size() > 20 && !states(lb).containsValue("Installed")
                            && !states(lb).containsValue("Resolved") && !states(lb).containsValue("Starting"))
                    .transform(ProvdJarIT::states);
            assertTrue(states.keySet().containsAll(Set.of("provd.core", "provd.http", "provd.tftp", "provd.fetchfw",
                    "provd.plugin.digium", "org.apache.felix.scr", "org.apache.felix.configadmin",
                    "org.apache.felix.fileinstall", "org.apache.felix.gogo.runtime", "org.apache.felix.gogo.shell",
                    "org.apache.felix.gogo.command", "org.eclipse.jetty.server", "org.freemarker.freemarker",
                    "com.fasterxml.jackson.core.jackson-databind", "org.apache.commons.commons-compress")),
                    states.toString());
            states.forEach((bundle, state) -> assertEquals("Active", state, bundle));

            assertTrue(Files.isRegularFile(home.resolve("etc/provd.runtime.cfg")));
            assertTrue(Files.isDirectory(home.resolve("deploy")));
            assertTrue(Files.isDirectory(home.resolve("data/framework")));
            provd.awaitLog("on SIGTERM the framework gets 30 s to stop");
            provd.awaitLog("all " + (states.size()) + " bundles active");

            provd.send("felix:stop 0");
            assertEquals(STOPPED_ON_REQUEST, provd.awaitExit(EXIT_TIMEOUT));
        }
    }

    @Test
    void theLaunchersTemporaryFilesStayInTheHomeAndDoNotPileUpAcrossRestarts() throws Exception {
        Path home = dir.resolve("home");
        Path tmp = home.resolve("tmp");
        List<String> leftByFirst;
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            provd.commandUntil("provd:plugins", plugins -> plugins.contains("digium-"));
            leftByFirst = names(tmp);
        }
        assertFalse(leftByFirst.isEmpty(), "the launcher's class path, extracted to " + tmp);
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            provd.commandUntil("provd:plugins", plugins -> plugins.contains("digium-"));
            List<String> now = names(tmp);
            assertEquals(leftByFirst.size(), now.size(), "after a restart: " + now);
            assertTrue(now.stream().noneMatch(leftByFirst::contains), "the first run's files removed: " + now);
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void bundlesInstalledFromTheShellSurviveARestartAndSoDoesTheirUninstall() throws Exception {
        Path home = dir.resolve("home");
        Path v1 = TestPluginBundle.v1(dir);
        Path v2 = TestPluginBundle.v2(dir);
        String id;
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            Matcher installed = INSTALLED_ID.matcher(provd.command("felix:install " + v1.toUri()));
            assertTrue(installed.find(), provd.output());
            id = installed.group(1);
            provd.command("felix:start " + id);
            provd.commandUntil("provd:plugins", plugins -> plugins.contains("test-1.0"));
            provd.awaitLog("plugin test-1.0 arrived from bundle " + TestPluginBundle.SYMBOLIC_NAME);
            provd.send("felix:stop 0");
            provd.awaitExit(EXIT_TIMEOUT);
        }
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            provd.commandUntil("provd:plugins", plugins -> plugins.contains("test-1.0"));
            assertEquals("Active", states(provd.command("felix:lb -s")).get(TestPluginBundle.SYMBOLIC_NAME));

            provd.command("felix:update " + id + " " + v2.toUri());
            provd.commandUntil("provd:plugins", plugins -> plugins.contains("test-2.0") && !plugins.contains("test-1.0"));

            provd.command("felix:uninstall " + id);
            provd.commandUntil("provd:plugins", plugins -> !plugins.contains("test-"));
            provd.send("felix:stop 0");
            provd.awaitExit(EXIT_TIMEOUT);
        }
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            Map<String, String> states = provd.commandUntil("felix:lb -s",
                    lb -> states(lb).get("provd.core") != null && states(lb).get("provd.core").equals("Active"))
                    .transform(ProvdJarIT::states);
            assertFalse(states.containsKey(TestPluginBundle.SYMBOLIC_NAME), states.toString());
            provd.commandUntil("provd:plugins", plugins -> plugins.contains("digium-2.8.1") && !plugins.contains("test-"));
        }
    }

    @Test
    void aBundleDroppedIntoDeployIsInstalledAndRemovingItUninstallsIt() throws Exception {
        Path home = dir.resolve("home");
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            Path deployed = home.resolve("deploy").resolve("testplugin.jar");
            Files.copy(TestPluginBundle.v1(dir), deployed);
            provd.commandUntil("provd:plugins", plugins -> plugins.contains("test-1.0"));

            Files.delete(deployed);
            provd.commandUntil("provd:plugins", plugins -> !plugins.contains("test-1.0"));
            assertFalse(states(provd.command("felix:lb -s")).containsKey(TestPluginBundle.SYMBOLIC_NAME));
        }
    }

    @Test
    void editingACfgFileReconfiguresTheRunningComponent() throws Exception {
        Path home = dir.resolve("home");
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            provd.awaitLog("on SIGTERM the framework gets 30 s to stop");
            Path cfg = home.resolve("etc/provd.runtime.cfg");
            Files.writeString(cfg, Files.readString(cfg).replace("stop.timeout.seconds = 30", "stop.timeout.seconds = 7"));
            provd.awaitLog("on SIGTERM the framework gets 7 s to stop");

            // every shipped file's keys reach its component (dotted names, as Declarative Services maps them)
            edit(home.resolve("etc/provd.server.cfg"), "http.base.url =", "http.base.url = http://203.0.113.5:8080");
            provd.awaitLog("phones reach this server at http://203.0.113.5:8080");
            edit(home.resolve("etc/provd.ban.cfg"), "max.misses = 10", "max.misses = 3");
            provd.awaitLog("banned for 600 s after more than 3 misses in 60 s");
            edit(home.resolve("etc/provd.identification.cfg"), "nat = false", "nat = true");
            provd.awaitLog("NAT mode on");
            int port = FreePorts.udp();
            edit(home.resolve("etc/provd.tftp.cfg"), "port = ${provd.tftp.port}", "port = " + port);
            provd.awaitLog("TFTP server listening on 127.0.0.1:" + port);
        }
    }

    @Test
    void keepsRunningWhenStandardInputEndsAndStopsCleanlyOnSigterm() throws Exception {
        try (ProvdProcess provd = ProvdProcess.start(dir.resolve("home"))) {
            provd.awaitLog("on SIGTERM the framework gets 30 s to stop");
            provd.closeStdin();
            Thread.sleep(1500);
            assertTrue(provd.isAlive(), "provd exited when its standard input ended: " + provd.output());

            provd.terminate();
            assertEquals(TERMINATED, provd.awaitExit(EXIT_TIMEOUT));
            assertTrue(provd.log().contains("JVM shutdown requested: stopping the framework"), provd.log());
        }
    }

    @Test
    void importsAWazoJsondbDirectoryAndKeepsItAcrossARestart() throws Exception {
        Path wazo = dir.resolve("wazo-jsondb");
        Files.createDirectories(wazo.resolve("configs"));
        Files.createDirectories(wazo.resolve("devices"));
        // as wazo-provd's jsondb writes them (Python's json.dump), the file name being the id
        Files.writeString(wazo.resolve("configs/office"), "{\"id\": \"office\", \"parent_ids\": [\"base\"], "
                + "\"raw_config\": {\"sip_lines\": {\"1\": {\"username\": \"1001\", \"password\": \"pw\", "
                + "\"display_name\": \"Alice\"}}}, \"deletable\": true}");
        Files.writeString(wazo.resolve("devices/d1"), "{\"id\": \"d1\", \"mac\": \"00:0F:D3:05:48:48\", "
                + "\"ip\": \"10.0.0.5\", \"vendor\": \"Digium\", \"model\": \"D40\", \"config\": \"office\", "
                + "\"added\": \"auto\", \"configured\": true}");
        Files.writeString(wazo.resolve("devices/d2"), "{\"id\": \"d2\", \"mac\": \"not-a-mac\"}");
        Path home = dir.resolve("home");
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            String report = provd.commandUntil("provd:import " + wazo,
                    answer -> !answer.contains("CommandNotFoundException"));
            assertTrue(report.contains("imported 1 config(s) and 1 device(s)"), report);
            assertTrue(report.contains("device d2: mac: not a MAC address: 'not-a-mac'"), report);
            assertTrue(provd.command("provd:devices").contains("00:0f:d3:05:48:48"));
            provd.send("felix:stop 0");
            provd.awaitExit(EXIT_TIMEOUT);
        }
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            String device = provd.commandUntil("provd:device 00:0f:d3:05:48:48", d -> d.contains("\"id\""));
            assertTrue(device.contains("\"config\" : \"office\""), device);
            String raw = provd.command("provd:config --raw office");
            assertTrue(raw.contains("\"username\" : \"1001\"") && raw.contains("\"ntp_enabled\" : true"), raw);
        }
    }

    private static void edit(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " has no '" + from + "'");
        Files.writeString(file, text.replace(from, to));
    }

    /** Bundle symbolic name to state, from the output of {@code felix:lb -s}. */
    private static Map<String, String> states(String lb) {
        Map<String, String> states = new LinkedHashMap<>();
        Matcher line = LB_LINE.matcher(lb);
        while (line.find()) {
            states.put(line.group(3), line.group(2));
        }
        return states;
    }
}
