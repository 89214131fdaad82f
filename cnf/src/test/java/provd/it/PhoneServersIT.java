package provd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import provd.it.support.ProvdProcess;

/**
 * provd.jar serving phones with real clients: a phone never seen before fetches its configuration file, which the
 * core creates, associates and renders on the spot, over TFTP and HTTP; nothing outside the file area is served.
 */
class PhoneServersIT {
    @TempDir
    Path dir;

    @Test
    void anUnknownPhoneFetchesItsFileOverTftpAndHttpWithRealClients() throws Exception {
        try (ProvdProcess provd = ProvdProcess.start(dir.resolve("home"))) {
            provd.deployTestPlugin(dir);

            Path viaCurl = dir.resolve("curl.cfg");
            assertEquals(0, run("curl", "-s", "-o", viaCurl.toString(),
                    "tftp://127.0.0.1:" + provd.tftpPort() + "/Test/000fd3aabbcc.cfg"));
            assertTrue(Files.readString(viaCurl).startsWith("url=http://"), Files.readString(viaCurl));
            assertTrue(provd.command("provd:device 00:0f:d3:aa:bb:cc").contains("\"plugin\" : \"test-1.0\""));

            String http = "http://127.0.0.1:" + provd.httpPort();
            Path viaHttp = dir.resolve("http.cfg");
            assertEquals("200", output("curl", "-s", "-o", viaHttp.toString(), "-w", "%{http_code}",
                    http + "/Test/000fd3aabbcc.cfg"));
            assertEquals(Files.readString(viaCurl), Files.readString(viaHttp));
            assertEquals("404", output("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                    http + "/Test/000fd3ffffff.txt"));
            String traversal = output("curl", "-s", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}",
                    http + "/Test/../../../../../../etc/passwd");
            assertTrue(traversal.equals("400") || traversal.equals("404"), traversal);
            assertEquals("405", output("curl", "-s", "-X", "POST", "-o", "/dev/null", "-w", "%{http_code}",
                    http + "/Test/000fd3aabbcc.cfg"));

            Assumptions.assumeTrue(onPath("tftp"), "tftp-hpa is not installed");
            Path viaTftp = dir.resolve("tftp.cfg");
            assertEquals(0, run("tftp", "127.0.0.1", String.valueOf(provd.tftpPort()), "-m", "binary", "-c", "get",
                    "Test/000fd3aabbcc.cfg", viaTftp.toString()));
            assertEquals(Files.readString(viaCurl), Files.readString(viaTftp));
        }
    }

    private static boolean onPath(String program) {
        return List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static String output(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return out.strip();
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return process.exitValue();
    }
}
