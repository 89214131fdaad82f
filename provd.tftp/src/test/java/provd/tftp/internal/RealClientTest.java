package provd.tftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real TFTP clients against the server: tftp-hpa's {@code tftp}, {@code atftp} and {@code curl}. A client's tests
 * are skipped when its binary is not installed ({@code apt-get install tftp-hpa atftp curl}).
 */
class RealClientTest {
    static final int[] SIZES = {0, 511, 512, 513, 5 * 1024 * 1024 + 17};

    @TempDir
    static Path dir;
    @TempDir
    static Path out;
    static TftpServer server;
    static TftpTestSupport.Guard guard = new TftpTestSupport.Guard();

    @BeforeAll
    static void start() throws IOException {
        for (int size : SIZES) {
            Files.write(dir.resolve("f" + size + ".bin"), TftpTestSupport.content(size, size));
        }
        server = new TftpServer(new TftpTestSupport.Routing(dir), guard,
                TftpTestSupport.config(Map.of("bind", "127.0.0.1", "port", 0)));
        assertTrue(server.port() > 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.deactivate();
        }
    }

    static Stream<Arguments> sizes() {
        return java.util.Arrays.stream(SIZES).mapToObj(Arguments::of);
    }

    /** The executable {@code name} on the PATH, if any. */
    static Optional<Path> binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin"));
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Path require(String name) {
        Optional<Path> bin = binary(name);
        assumeTrue(bin.isPresent(), name + " is not installed");
        return bin.get();
    }

    /** Runs a client; returns its exit code. Hang guard only: a client still running after 5 minutes fails. */
    private static int run(List<String> command) throws Exception {
        Path log = Files.createTempFile(out, "client", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish; output: " + Files.readString(log));
        }
        System.out.println(String.join(" ", command) + " -> " + p.exitValue() + " " + Files.readString(log).trim());
        return p.exitValue();
    }

    private static void assertSame(int size, Path got) throws IOException {
        byte[] expected = Files.readAllBytes(dir.resolve("f" + size + ".bin"));
        byte[] actual = Files.exists(got) || size != 0 ? Files.readAllBytes(got) : new byte[0];
        assertEquals(expected.length, actual.length, "size of " + got);
        assertArrayEquals(expected, actual, "content of " + got);
    }

    private static String port() {
        return Integer.toString(server.port());
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void tftpHpa(int size) throws Exception {
        Path tftp = require("tftp");
        Path got = out.resolve("hpa-" + size);
        run(List.of(tftp.toString(), "-m", "binary", "127.0.0.1", port(), "-c", "get", "f" + size + ".bin",
                got.toString()));
        assertSame(size, got);
    }

    @Test
    void tftpHpaNetascii() throws Exception {
        Path tftp = require("tftp");
        byte[] text = "[general]\nline\r\nbare\rcr\n\n".repeat(300).getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("text.cfg"), text);
        Path got = out.resolve("hpa-text.cfg");
        run(List.of(tftp.toString(), "-m", "ascii", "127.0.0.1", port(), "-c", "get", "text.cfg", got.toString()));
        assertArrayEquals(text, Files.readAllBytes(got), "netascii decoded back by the client");
    }

    @Test
    void tftpHpaMissingFile() throws Exception {
        Path tftp = require("tftp");
        Path got = out.resolve("hpa-missing");
        run(List.of(tftp.toString(), "-m", "binary", "127.0.0.1", port(), "-c", "get", "missing.bin",
                got.toString()));
        assertTrue(Files.notExists(got) || Files.size(got) == 0);
    }

    static Stream<Arguments> atftpCases() {
        List<List<String>> variants = List.of(
                List.of(),
                List.of("--option", "blksize 1428"),
                List.of("--option", "tsize enable"),
                List.of("--option", "windowsize 8"),
                List.of("--option", "blksize 1428", "--option", "tsize enable", "--option", "windowsize 8"));
        List<Arguments> cases = new ArrayList<>();
        for (int size : SIZES) {
            for (List<String> v : variants) {
                cases.add(Arguments.of(size, v));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("atftpCases")
    void atftp(int size, List<String> options) throws Exception {
        Path atftp = require("atftp");
        Path got = out.resolve("atftp-" + size + "-" + String.join("_", options).replace(' ', '-'));
        List<String> command = new ArrayList<>(List.of(atftp.toString()));
        command.addAll(options);
        command.addAll(List.of("--get", "-r", "f" + size + ".bin", "-l", got.toString(), "127.0.0.1", port()));
        assertEquals(0, run(command), "atftp exit code");
        assertSame(size, got);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1428"})
    void curlEverySize(String blksize) throws Exception {
        Path curl = require("curl");
        for (int size : SIZES) {
            Path got = out.resolve("curl-" + size + "-" + blksize);
            List<String> command = new ArrayList<>(List.of(curl.toString(), "-sS"));
            if (!blksize.isEmpty()) {
                command.addAll(List.of("--tftp-blksize", blksize));
            }
            command.addAll(List.of("tftp://127.0.0.1:" + port() + "/f" + size + ".bin", "-o", got.toString()));
            assertEquals(0, run(command), "curl exit code");
            assertSame(size, got);
        }
    }

    @Test
    void curlMissingFile() throws Exception {
        Path curl = require("curl");
        int code = run(List.of(curl.toString(), "-sS", "tftp://127.0.0.1:" + port() + "/missing.bin", "-o",
                out.resolve("curl-missing").toString()));
        assertEquals(68, code, "curl: TFTP file not found");
    }
}
