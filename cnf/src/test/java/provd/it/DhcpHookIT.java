package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import provd.it.support.ProvdProcess;
import provd.it.support.RestClient;
import provd.it.support.RestClient.Response;

/**
 * The DHCP hook shipped in the distribution's {@code bin/}, run with {@code sh} the way isc-dhcp-server's
 * {@code execute()} runs it, against the running distribution: an unknown Digium D40 committed with its vendor class
 * becomes a device of the Digium plugin; a wrong token makes it fail without showing the token; bad arguments are
 * refused before anything is sent.
 */
class DhcpHookIT {
    private static final String HOOK = "bin/provd-dhcp-hook";

    @TempDir
    Path dir;

    /** What a run of the hook did. */
    private record Run(int status, String output) {
    }

    @Test
    void aCommittedD40BecomesADeviceOfTheDigiumPluginAndAWrongTokenFails() throws Exception {
        // a hook of an older version, not executable: the distribution's replaces it
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve(HOOK), "#!/bin/sh\nexit 3\n");
        try (ProvdProcess provd = ProvdProcess.start(home)) {
            RestClient rest = RestApiIT.awaitRest(provd);
            Path hook = provd.home().resolve(HOOK);
            assertTrue(Files.readString(hook).contains("dev_mgr/dhcpinfo"), hook + " is the distribution's");
            assertTrue(Files.getPosixFilePermissions(hook).containsAll(List.of(PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE)), "executable");
            String url = "http://127.0.0.1:" + provd.restPort() + "/provd";

            // as dhcpd's binary-to-ascii writes the MAC: no leading zeros; the token from <home>/etc/admin.token
            Run commit = run(hook, Map.of(), "--url", url, "commit", "10.0.0.50", "0:f:d3:12:34:56",
                    "digium_D40_1_1_0_0_48178");
            assertEquals(new Run(0, ""), commit);

            List<JsonNode> devices = devicesWithMac(rest, "00:0f:d3:12:34:56");
            assertEquals(1, devices.size(), devices.toString());
            JsonNode device = devices.get(0);
            assertEquals("Digium", device.path("vendor").asText(), device.toString());
            assertEquals("D40", device.path("model").asText(), device.toString());
            assertEquals("1.1.0.0.48178", device.path("version").asText(), device.toString());
            assertEquals("digium-2.8.1", device.path("plugin").asText(), device.toString());
            assertEquals("10.0.0.50", device.path("ip").asText(), device.toString());
            assertEquals("auto", device.path("added").asText(), device.toString());

            // a renewed lease at another address, the URL from the environment
            assertEquals(new Run(0, ""), run(hook, Map.of("PROVD_URL", url), "commit", "10.0.0.51",
                    "00:0F:D3:12:34:56", "digium_D40_1_1_0_0_48178"));
            assertEquals("10.0.0.51", devicesWithMac(rest, "00:0f:d3:12:34:56").get(0).path("ip").asText());

            String wrong = RestClient.uniqueId("wrong-token-");
            Run refused = run(hook, Map.of("PROVD_TOKEN", wrong), "--url", url, "commit", "10.0.0.60",
                    "0:f:d3:aa:bb:cc", "digium_D50_1_1_0_0_48178");
            assertEquals(1, refused.status(), refused.output());
            assertTrue(refused.output().contains("HTTP 401"), refused.output());
            assertFalse(refused.output().contains(wrong), "the token is never shown: " + refused.output());
            Path tokenFile = dir.resolve("wrong.token");
            Files.writeString(tokenFile, wrong + "\n");
            Run fromFile = run(hook, Map.of(), "--url", url, "--token-file", tokenFile.toString(), "commit",
                    "10.0.0.60", "0:f:d3:aa:bb:cc", "digium_D50_1_1_0_0_48178");
            assertEquals(1, fromFile.status(), fromFile.output());
            assertFalse(fromFile.output().contains(wrong), fromFile.output());
            assertEquals(List.of(), devicesWithMac(rest, "00:0f:d3:aa:bb:cc"));

            // more options, as CODE:HEX and CODE=TEXT, go along
            assertEquals(new Run(0, ""), run(hook, Map.of(), "--url", url, "commit", "10.0.0.61", "0:f:d3:aa:bb:cd",
                    "", "43:1:2:a:ff", "77=digium"));
            assertEquals(1, devicesWithMac(rest, "00:0f:d3:aa:bb:cd").size());

            // what the script lets through but the server refuses: in the server's words
            Run shortMac = run(hook, Map.of(), "--url", url, "commit", "10.0.0.62", "0:f:d3:aa:bb",
                    "digium_D40_1_1_0_0_48178");
            assertEquals(1, shortMac.status(), shortMac.output());
            assertTrue(shortMac.output().contains("HTTP 400") && shortMac.output().contains("0:f:d3:aa:bb"),
                    shortMac.output());
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsSent() throws Exception {
        // the script of the source tree, with nothing listening: a usage error must come first
        Path hook = Path.of(HOOK).toAbsolutePath();
        Map<String, String> env = Map.of("PROVD_URL", "http://127.0.0.1:9/provd", "PROVD_TOKEN", "t");
        for (List<String> args : List.<List<String>>of(List.of(), List.of("commit", "10.0.0.50"),
                List.of("renew", "10.0.0.50", "0:f:d3:12:34:56"),
                List.of("commit", "10.0.0.x", "0:f:d3:12:34:56"),
                List.of("commit", "10.0.0.50", "0:f:d3:12:34:5g"),
                List.of("commit", "10.0.0.50", "0:f:d3:12:34:56", "digium_D40", "255=x"),
                List.of("commit", "10.0.0.50", "0:f:d3:12:34:56", "digium_D40", "077="),
                List.of("commit", "10.0.0.50", "0:f:d3:12:34:56", "digium_D40", "77:zz"),
                List.of("commit", "10.0.0.50", "0:f:d3:12:34:56", "digium_D40", "77"),
                List.of("--url"), List.of("--verbose", "commit", "10.0.0.50", "0:f:d3:12:34:56"))) {
            Run run = run(hook, env, args.toArray(String[]::new));
            assertEquals(2, run.status(), args + ": " + run.output());
            assertTrue(run.output().startsWith("provd-dhcp-hook: ") && run.output().contains("usage:"),
                    args + ": " + run.output());
        }
        Run unreachable = run(hook, env, "commit", "10.0.0.50", "0:f:d3:12:34:56", "digium_D40_1_1_0_0_48178");
        assertEquals(1, unreachable.status(), unreachable.output());
        assertTrue(unreachable.output().contains("cannot reach provd"), unreachable.output());
        Run noToken = run(hook, Map.of("PROVD_HOME", dir.toString(), "PROVD_URL", "http://127.0.0.1:9/provd"),
                "commit", "10.0.0.50", "0:f:d3:12:34:56");
        assertEquals(1, noToken.status(), noToken.output());
        assertTrue(noToken.output().contains(dir.resolve("etc/admin.token").toString()), noToken.output());
    }

    /** Runs the hook with {@code sh}, its output (standard output and error) and its exit status. */
    private static Run run(Path hook, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", hook.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PROVD_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the hook did not end: " + output);
        }
        return new Run(process.exitValue(), output.strip());
    }

    private static List<JsonNode> devicesWithMac(RestClient rest, String mac) {
        Response found = rest.get("/provd/dev_mgr/devices", Map.of("q", RestClient.json(Map.of("mac", mac))));
        assertEquals(200, found.status(), found.toString());
        List<JsonNode> devices = new ArrayList<>();
        found.json().get("devices").forEach(devices::add);
        return devices;
    }
}
