import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * provd started from the distribution jar with its home under the work directory, and its REST API. Its output
 * (the shell's, when it has one) goes to {@code <home>/stdout.log}, its log to {@code <home>/log/provd.log}.
 */
final class Provd implements AutoCloseable {
    /** Its ports: chosen free at the first start and kept by a restart, since the phones' files name them. */
    record Ports(int http, int rest, int tftp) {
        static Ports free() throws IOException {
            return new Ports(Support.freePort(), Support.freePort(), Support.freeUdpPort());
        }
    }

    /**
     * What it is started with. {@code shell}: its standard input is a pipe the bench writes shell commands into;
     * without it, provd runs with no shell.
     */
    record Launch(Path jar, String javaOptions, Path home, Ports ports, boolean shell) {
    }

    final Launch launch;
    final Process process;
    final Path home;
    final int httpPort;
    final int restPort;
    final int tftpPort;
    private final ExecutorService restThreads = Support.daemonPool("rest-client", 16);
    final HttpClient rest = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(restThreads).build();
    String token;

    static Provd start(Path jar, String javaOptions, Path home) throws Exception {
        return new Provd(new Launch(jar, javaOptions, home, Ports.free(), false));
    }

    Provd(Launch launch) throws Exception {
        this.launch = launch;
        this.home = launch.home();
        httpPort = launch.ports().http();
        restPort = launch.ports().rest();
        tftpPort = launch.ports().tftp();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(launch.javaOptions().trim().split("\\s+")));
        command.addAll(List.of("-Dprovd.home=" + home, "-Dprovd.bind=127.0.0.1",
                "-Dprovd.http.port=" + httpPort, "-Dprovd.rest.port=" + restPort,
                "-Dprovd.tftp.port=" + tftpPort));
        if (!launch.shell()) {
            command.add("-Dgosh.args=--nointeractive --noshutdown");
        }
        command.addAll(List.of("-jar", launch.jar().toAbsolutePath().toString()));
        Files.createDirectories(home);
        // appended to, so that a restart keeps what the killed process printed
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("stdout.log").toFile())).start();
        Path tokenFile = home.resolve("etc/admin.token");
        Support.await("provd's admin token", () -> Files.isRegularFile(tokenFile));
        token = Files.readString(tokenFile).trim();
        Support.await("provd's REST API and phone servers", () -> {
            try {
                String status = get("/provd/status");
                return status.contains("\"http\"") && status.contains("\"tftp\"");
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** A new process on the same home and ports; this one must be gone (killed or closed). */
    Provd restart() throws Exception {
        return new Provd(launch);
    }

    long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no stop of the framework, whatever was being written. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String get(String path) throws IOException {
        return send("GET", path, null, 200);
    }

    String send(String method, String path, String json, int expected) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                .timeout(Duration.ofSeconds(30)).header("X-Auth-Token", token)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = rest.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IOException(method + " " + path + " -> " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** What a DHCP server's hook posts when it gives the phone its lease. */
    void dhcpInfo(Phone phone) throws BootFailure {
        String option = "060" + HexFormat.ofDelimiter(".").formatHex(
                phone.vendorClass().getBytes(StandardCharsets.US_ASCII));
        String body = "{\"dhcp_info\": {\"op\": \"commit\", \"ip\": \"" + phone.ip() + "\", \"mac\": \""
                + phone.colonMac() + "\", \"options\": [\"" + option + "\"]}}";
        try {
            send("POST", "/provd/dev_mgr/dhcpinfo", body, 204);
        } catch (IOException e) {
            throw new BootFailure("dhcpinfo", e.getMessage());
        }
    }

    /**
     * Creates a known phone's device, configured with {@code config}, as an operator's PBX does through REST; gives
     * its id.
     */
    String addDevice(Phone phone, String config) throws IOException {
        String created = send("POST", "/provd/dev_mgr/devices", "{\"device\": " + deviceJson(phone, null, config)
                + "}", 201);
        return (String) Json.object(Json.parse(created)).get("id");
    }

    /**
     * Creates {@code config} (line 1 registering as {@code config}) and the phones' devices on it, over REST as a PBX
     * does, then waits until every phone's file holds its SIP line ({@code username="<config>"}); fetching it, the
     * phone has its remote state recorded, as a phone that took its configuration. Gives the devices' ids, in the
     * phones' order.
     */
    List<String> addKnownPhones(String config, List<Phone> phones, int deadlineSeconds) throws Exception {
        send("POST", "/provd/cfg_mgr/configs", configJson(config, List.of("base"), sipLine(config)), 201);
        ExecutorService pool = Support.daemonPool("set-up", 16);
        List<Future<String>> created = new ArrayList<>();
        for (Phone phone : phones) {
            created.add(pool.submit(() -> addDevice(phone, config)));
        }
        List<String> ids = new ArrayList<>();
        try {
            for (Future<String> id : created) {
                ids.add(id.get());
            }
        } finally {
            pool.shutdown();
        }
        PhoneFiles.Check rendered = PhoneFiles.check(this, phones, phone -> "username=\"" + config + "\"",
                deadlineSeconds);
        if (rendered.wrong() > 0) {
            throw new IllegalStateException("set-up: " + rendered.text());
        }
        return ids;
    }

    /** A Digium phone's device document, with its plugin and config ({@code id} null: one to create). */
    static String deviceJson(Phone phone, String id, String config) {
        return "{" + (id == null ? "" : "\"id\": " + Json.quote(id) + ", ") + "\"mac\": \"" + phone.colonMac()
                + "\", \"ip\": \"" + phone.ip() + "\", \"vendor\": \"Digium\", \"model\": \"" + phone.model()
                + "\", \"version\": \"" + Phone.FIRMWARE + "\", \"plugin\": \"digium-2.8.1\", \"config\": "
                + Json.quote(config) + "}";
    }

    /** A config document under {@code parents} whose raw config is {@code rawConfig} (a JSON object). */
    static String configJson(String id, List<String> parents, String rawConfig) {
        return "{\"config\": {\"id\": " + Json.quote(id) + ", \"parent_ids\": [" + String.join(", ",
                parents.stream().map(Json::quote).toList()) + "], \"raw_config\": " + rawConfig + "}}";
    }

    /** A raw config with SIP line 1 registering as {@code username}. */
    static String sipLine(String username) {
        return "{\"sip_lines\": {\"1\": {\"proxy_ip\": \"10.0.0.1\", \"username\": " + Json.quote(username)
                + ", \"password\": \"secret\", \"display_name\": \"Bench\"}}}";
    }

    /** {@code /provd/status}, parsed. */
    Object status() throws IOException {
        return Json.parse(get("/provd/status"));
    }

    /** One sample of {@code /provd/metrics}, e.g. {@code provd_configurations_total}; -1 when absent. */
    long metric(String sample) throws IOException {
        for (String line : get("/provd/metrics").split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Long.parseLong(line.substring(sample.length() + 1).trim());
            }
        }
        return -1;
    }

    /**
     * Runs one shell command (provd started with {@code shell}) and gives what it printed once that matches
     * {@code until}, a regular expression ({@code g! }, the next prompt, for a command that prints nothing).
     */
    String shell(String command, String until) throws Exception {
        long offset = Files.size(stdout());
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        Pattern pattern = Pattern.compile(until);
        String[] printed = {""};
        Support.await("the shell's answer to " + command, 60, () -> {
            byte[] all = Files.readAllBytes(stdout());
            printed[0] = new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
            return pattern.matcher(printed[0]).find();
        });
        return printed[0];
    }

    Path stdout() {
        return home.resolve("stdout.log");
    }

    Path log() {
        return home.resolve("log/provd.log");
    }

    Path fileArea() {
        return home.resolve("data/plugins/digium-2.8.1/var/tftpboot");
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        restThreads.shutdownNow();
    }
}
