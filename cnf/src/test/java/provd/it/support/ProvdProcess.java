package provd.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code java -jar provd.jar} as a child process with its own home, driven through its shell on standard input the
 * way an operator's script would drive it.
 */
public final class ProvdProcess implements AutoCloseable {
    private static final String PROMPT = "g! ";

    private final Path home;
    private final Process process;
    private final Writer stdin;
    private final StringBuffer output = new StringBuffer();
    private final int httpPort;
    private final int restPort;
    private final int tftpPort;

    private ProvdProcess(Path home, Process process, int httpPort, int restPort, int tftpPort) {
        this.home = home;
        this.process = process;
        this.httpPort = httpPort;
        this.restPort = restPort;
        this.tftpPort = tftpPort;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> pump(process.getInputStream()), "provd-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts provd with {@code -Dprovd.home=home}, its servers on free ports of the loopback interface, and waits for
     * its shell prompt.
     */
    public static ProvdProcess start(Path home, String... systemProperties) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dprovd.home=" + home);
        int httpPort = FreePorts.tcp();
        int restPort = FreePorts.tcp();
        int tftpPort = FreePorts.udp();
        command.add("-Dprovd.bind=127.0.0.1");
        command.add("-Dprovd.http.port=" + httpPort);
        command.add("-Dprovd.rest.port=" + restPort);
        command.add("-Dprovd.tftp.port=" + tftpPort);
        command.addAll(List.of(systemProperties));
        command.add("-jar");
        command.add(System.getProperty("provd.jar"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ProvdProcess provd = new ProvdProcess(home, process, httpPort, restPort, tftpPort);
        Await.until("the shell prompt", () -> provd.output().contains(PROMPT), provd::output);
        return provd;
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0;) {
                output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** The phone-facing HTTP server's port. */
    public int httpPort() {
        return httpPort;
    }

    /** The REST API's port. */
    public int restPort() {
        return restPort;
    }

    /** The TFTP server's port. */
    public int tftpPort() {
        return tftpPort;
    }

    public Path home() {
        return home;
    }

    /**
     * Drops the test plugin (version 1) into {@code deploy/} and waits until it is present and both phone-facing
     * servers listen.
     */
    public void deployTestPlugin(Path buildDir) throws Exception {
        Files.copy(TestPluginBundle.v1(buildDir), home.resolve("deploy/testplugin.jar"));
        commandUntil("provd:plugins", plugins -> plugins.contains("test-1.0"));
        awaitLog("TFTP server listening on 127.0.0.1:" + tftpPort);
        awaitLog("phone HTTP server listening on 127.0.0.1:" + httpPort);
    }

    /** Everything the process printed so far. */
    public String output() {
        return output.toString();
    }

    /** Runs a shell command and returns what it printed, up to the next prompt. */
    public String command(String command) throws IOException {
        int mark = output.length();
        stdin.write(command + "\n");
        stdin.flush();
        Await.until("the answer to " + command, () -> output.indexOf(PROMPT, mark) >= 0,
                () -> output.substring(mark));
        return output.substring(mark, output.indexOf(PROMPT, mark));
    }

    /** Runs a shell command until what it prints satisfies {@code expected} (bundles start asynchronously). */
    public String commandUntil(String command, Predicate<String> expected) throws IOException {
        String[] last = {""};
        Await.until(command + " to answer as expected", () -> {
            try {
                last[0] = command(command);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return expected.test(last[0]);
        }, () -> last[0]);
        return last[0];
    }

    /** The server's log file. */
    public String log() throws IOException {
        Path log = home.resolve("log/provd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public void awaitLog(String text) {
        Await.until("log line '" + text + "'", () -> {
            try {
                return log().contains(text);
            } catch (IOException e) {
                return false;
            }
        }, () -> {
            try {
                return log();
            } catch (IOException e) {
                return e.toString();
            }
        });
    }

    /** Ends standard input, as a service manager starting the server with no terminal does. */
    public void closeStdin() throws IOException {
        stdin.close();
    }

    /** Sends a command without waiting for an answer (one that ends the process). */
    public void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    /** Sends SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("provd did not exit within " + timeout + "; output: " + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
