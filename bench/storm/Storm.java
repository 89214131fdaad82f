import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The boot-storm simulator: the morning after a power cut, N Digium phones boot at once, each from its own address
 * on the loopback network (127.x.y.z, so provd's per-IP logic sees N clients), each posting its DHCP information
 * and then fetching its configuration and phonebook over HTTP or TFTP. It starts provd from the distribution jar,
 * runs the storm against it — first boot (unknown phones: created, autoprov) then known phones (configured with SIP
 * lines) over HTTP and over TFTP — then copies provd's files to nginx and tftpd-hpa and runs the same fetches
 * against them, and reports the ratios. Figures go to {@code report.json} and {@code report.html} (charts) in the
 * output directory.
 *
 * <pre>
 * java bench/storm/Storm.java --jar cnf/target/provd.jar [--phones 10000] [--ramp 1] [--concurrency 200]
 *      [--mix 0.5] [--warmup 3000] [--out bench/storm/out] [--no-reference]
 * </pre>
 *
 * {@code --mix} is the share of phones using HTTP in the first-boot storm (the others use TFTP); {@code --ramp}
 * the seconds over which the phones are switched on; {@code --concurrency} the phones booting at the same moment at
 * most (a phone waits its turn, and the wait counts in its boot time). A warm-up storm of other phones runs first,
 * unmeasured, so that the JIT has compiled the hot paths, as on a server that was running before the cut.
 */
public class Storm {

    // ------------------------------------------------------------------------------------------------ options

    record Options(Path jar, int phones, double ramp, int concurrency, double mix, int warmup, Path out,
            boolean reference, String javaOptions) {
        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("jar", "cnf/target/provd.jar");
            values.put("phones", "10000");
            values.put("ramp", "1");
            values.put("concurrency", "200");
            values.put("mix", "0.5");
            values.put("warmup", "3000");
            values.put("out", "bench/storm/out");
            values.put("java-options", "-Xms1g -Xmx1g");
            boolean reference = true;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--no-reference")) {
                    reference = false;
                } else if (arg.startsWith("--") && i + 1 < args.length && values.containsKey(arg.substring(2))) {
                    values.put(arg.substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown argument " + arg + "; known: " + values.keySet()
                            + " --no-reference");
                }
            }
            return new Options(Path.of(values.get("jar")), Integer.parseInt(values.get("phones")),
                    Double.parseDouble(values.get("ramp")), Integer.parseInt(values.get("concurrency")),
                    Double.parseDouble(values.get("mix")), Integer.parseInt(values.get("warmup")),
                    Path.of(values.get("out")), reference, values.get("java-options"));
        }
    }

    // ------------------------------------------------------------------------------------------------ phones

    static final String[] MODELS = {"D40", "D45", "D50", "D60", "D62", "D65", "D70"};

    /** A simulated phone: its MAC, its own source address, its model, and how it fetches its files. */
    record Phone(int index, String mac, InetAddress address, String model, boolean tftp) {
        static Phone of(int index, boolean tftp) {
            String mac = String.format("000fd3%06x", index);
            byte[] ip = {127, (byte) (10 + (index >> 16)), (byte) (index >> 8), (byte) index};
            try {
                return new Phone(index, mac, InetAddress.getByAddress(ip), MODELS[index % MODELS.length], tftp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String colonMac() {
            return mac.replaceAll("(..)(?!$)", "$1:");
        }

        String ip() {
            return address.getHostAddress();
        }

        List<String> files() {
            return List.of("Digium/" + mac + ".cfg", "Digium/" + mac + "-contacts.xml");
        }

        String userAgent() {
            return "Digium " + model + " 2.8.1";
        }

        String vendorClass() {
            return "digium_" + model + "_2_8_1_0_0_48178";
        }
    }

    static List<Phone> phones(int first, int count, double httpShare) {
        List<Phone> phones = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            phones.add(Phone.of(first + i, false));
        }
        // round(count * (1 - httpShare)) TFTP phones spread evenly, so both protocols run through the whole storm
        int tftpCount = (int) Math.round(count * (1 - httpShare));
        for (int k = 0; k < tftpCount; k++) {
            int i = (int) ((long) k * count / Math.max(1, tftpCount));
            Phone p = phones.get(i);
            phones.set(i, new Phone(p.index(), p.mac(), p.address(), p.model(), true));
        }
        return phones;
    }

    // ------------------------------------------------------------------------------------------------ clients

    /** A request that did not give what a phone needs. Its kind groups errors in the report. */
    static final class BootFailure extends Exception {
        final String kind;

        BootFailure(String kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    /** HTTP/1.1 GETs over one connection from the phone's own address, as a phone does. */
    static List<byte[]> httpFetch(Phone phone, InetSocketAddress server, List<String> paths) throws BootFailure {
        List<byte[]> bodies = new ArrayList<>();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.bind(new InetSocketAddress(phone.address(), 0));
            socket.connect(server, 5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 16_384);
            for (String path : paths) {
                String request = "GET /" + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":"
                        + server.getPort() + "\r\nUser-Agent: " + phone.userAgent() + "\r\nAccept: */*\r\n\r\n";
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = line(in);
                if (status == null) {
                    throw new BootFailure("http closed", path + ": connection closed");
                }
                long length = -1;
                for (String header; !(header = line(in)).isEmpty(); ) {
                    int colon = header.indexOf(':');
                    if (colon > 0 && header.substring(0, colon).equalsIgnoreCase("Content-Length")) {
                        length = Long.parseLong(header.substring(colon + 1).trim());
                    }
                }
                byte[] body = length < 0 ? new byte[0] : in.readNBytes((int) length);
                if (body.length != Math.max(0, length)) {
                    throw new BootFailure("http truncated", path + ": " + body.length + " of " + length + " bytes");
                }
                String code = status.length() >= 12 ? status.substring(9, 12) : status;
                if (!code.equals("200")) {
                    throw new BootFailure("http " + code, path + ": " + status);
                }
                bodies.add(body);
            }
        } catch (SocketTimeoutException e) {
            throw new BootFailure("http timeout", e.getMessage());
        } catch (IOException e) {
            throw new BootFailure("http " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
        return bodies;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    /** TFTP read requests (octet, 512-byte blocks, lockstep), from the phone's own address. */
    static List<byte[]> tftpFetch(Phone phone, InetSocketAddress server, List<String> files) throws BootFailure {
        List<byte[]> bodies = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(phone.address(), 0))) {
            for (String file : files) {
                bodies.add(tftpGet(socket, server, file));
            }
        } catch (IOException e) {
            throw new BootFailure("tftp " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
        return bodies;
    }

    private static byte[] tftpGet(DatagramSocket socket, InetSocketAddress server, String file)
            throws IOException, BootFailure {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(0);
        request.write(1);
        request.writeBytes(file.getBytes(StandardCharsets.US_ASCII));
        request.write(0);
        request.writeBytes("octet".getBytes(StandardCharsets.US_ASCII));
        request.write(0);
        DatagramPacket last = new DatagramPacket(request.toByteArray(), request.size(), server);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] buffer = new byte[4 + 512];
        DatagramPacket received = new DatagramPacket(buffer, buffer.length);
        InetSocketAddress peer = null;
        int expected = 1;
        int timeouts = 0;
        socket.send(last);
        socket.setSoTimeout(1_000);
        while (true) {
            try {
                received.setLength(buffer.length);
                socket.receive(received);
            } catch (SocketTimeoutException e) {
                if (++timeouts > 5) {
                    throw new BootFailure("tftp timeout", file + ": no answer after " + timeouts + " tries");
                }
                socket.send(last);
                continue;
            }
            InetSocketAddress from = (InetSocketAddress) received.getSocketAddress();
            if (peer == null) {
                peer = from;
            } else if (!peer.equals(from)) {
                continue;
            }
            int opcode = ((buffer[0] & 0xff) << 8) | (buffer[1] & 0xff);
            int number = ((buffer[2] & 0xff) << 8) | (buffer[3] & 0xff);
            if (opcode == 5) {
                String message = new String(buffer, 4, Math.max(0, received.getLength() - 5), StandardCharsets.UTF_8);
                throw new BootFailure("tftp error " + number, file + ": " + message);
            }
            if (opcode != 3) {
                throw new BootFailure("tftp protocol", file + ": opcode " + opcode);
            }
            if (number == (expected & 0xffff)) {
                content.write(buffer, 4, received.getLength() - 4);
                expected++;
            }
            byte[] ack = {0, 4, buffer[2], buffer[3]};
            last = new DatagramPacket(ack, 4, peer);
            socket.send(last);
            if (number == ((expected - 1) & 0xffff) && received.getLength() < buffer.length) {
                return content.toByteArray();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ provd

    /** provd started from the distribution jar with its home under the work directory. */
    static final class Provd implements AutoCloseable {
        final Process process;
        final Path home;
        final int httpPort;
        final int restPort;
        final int tftpPort;
        final HttpClient rest = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(16)).build();
        String token;

        Provd(Options options, Path home) throws Exception {
            this.home = home;
            httpPort = freePort();
            restPort = freePort();
            tftpPort = freeUdpPort();
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(Arrays.asList(options.javaOptions().trim().split("\\s+")));
            command.addAll(List.of("-Dprovd.home=" + home, "-Dprovd.bind=127.0.0.1",
                    "-Dprovd.http.port=" + httpPort, "-Dprovd.rest.port=" + restPort,
                    "-Dprovd.tftp.port=" + tftpPort, "-Dgosh.args=--nointeractive --noshutdown", "-jar",
                    options.jar().toAbsolutePath().toString()));
            Files.createDirectories(home);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(home.resolve("stdout.log").toFile()).start();
            Path tokenFile = home.resolve("etc/admin.token");
            await("provd's admin token", () -> Files.isRegularFile(tokenFile));
            token = Files.readString(tokenFile).trim();
            await("provd's REST API and phone servers", () -> {
                try {
                    String status = get("/provd/status");
                    return status.contains("\"http\"") && status.contains("\"tftp\"");
                } catch (IOException e) {
                    return false;
                }
            });
        }

        long pid() {
            return process.pid();
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

        Path fileArea() {
            return home.resolve("data/plugins/digium-2.8.1/var/tftpboot");
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ reference servers

    /** A reference server started from its Debian package, serving a copy of provd's files. */
    static final class Reference implements AutoCloseable {
        final Process process;
        final int port;

        private Reference(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Reference nginx(Path work, Path root) throws Exception {
            int port = freePort();
            Path dir = Files.createDirectories(work.resolve("nginx"));
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(dir.resolve("temp"));
            Files.writeString(dir.resolve("nginx.conf"), """
                    worker_processes auto;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log warn;
                    events { worker_connections 8192; }
                    http {
                      access_log off;
                      server_tokens off;
                      sendfile on;
                      tcp_nodelay on;
                      keepalive_timeout 30s;
                      client_body_temp_path %1$s/temp/body;
                      proxy_temp_path %1$s/temp/proxy;
                      fastcgi_temp_path %1$s/temp/fastcgi;
                      uwsgi_temp_path %1$s/temp/uwsgi;
                      scgi_temp_path %1$s/temp/scgi;
                      types { text/plain cfg; application/xml xml; }
                      default_type application/octet-stream;
                      server { listen 127.0.0.1:%2$d; root %3$s; }
                    }
                    """.formatted(dir, port, root));
            Process process = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf")
                    .toString(), "-g", "daemon off;").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            await("nginx", () -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            return new Reference(process, port);
        }

        static Reference tftpd(Path root) throws Exception {
            int port = freeUdpPort();
            String tftpd = Files.isExecutable(Path.of("/usr/sbin/in.tftpd")) ? "/usr/sbin/in.tftpd" : "in.tftpd";
            Process process = new ProcessBuilder(tftpd, "-L", "-s", "-a", "127.0.0.1:" + port, "-u", "root",
                    root.toString()).redirectErrorStream(true).start();
            Thread.sleep(500);
            if (!process.isAlive()) {
                throw new IOException("in.tftpd exited: " + new String(process.getInputStream().readAllBytes()));
            }
            return new Reference(process, port);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------------------------------------ a storm

    /** What one phone does during a storm. */
    @FunctionalInterface
    interface Boot {
        void run(Phone phone) throws BootFailure;
    }

    /** The figures of one storm. */
    static final class Result {
        final String name;
        final String protocol;
        final String server;
        final int phones;
        final long[] bootMicros;
        final long[] finishedAtMillis;
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        final Map<String, String> errorExamples = new ConcurrentHashMap<>();
        final List<double[]> samples = new ArrayList<>(); // seconds, cpu %, rss MiB, threads
        double seconds;
        int completed;

        Result(String name, String protocol, String server, int phones) {
            this.name = name;
            this.protocol = protocol;
            this.server = server;
            this.phones = phones;
            this.bootMicros = new long[phones];
            this.finishedAtMillis = new long[phones];
        }

        double rate() {
            return completed / seconds;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(LongAdder::sum).sum();
        }

        double percentile(double p) {
            long[] done = Arrays.stream(bootMicros).filter(v -> v > 0).sorted().toArray();
            if (done.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(done.length - 1, Math.ceil(p / 100 * done.length) - 1);
            return done[Math.max(0, index)] / 1000.0;
        }
    }

    /**
     * Switches {@code phones} on over the ramp, at most {@code concurrency} booting at once; a phone's boot time runs
     * from the moment it was switched on (its wait for a free slot included) to its last file.
     */
    static Result storm(String name, String protocol, String server, List<Phone> phones, Options options,
            long sampledPid, Boot boot) throws InterruptedException {
        Result result = new Result(name, protocol, server, phones.size());
        ExecutorService workers = Executors.newFixedThreadPool(options.concurrency());
        Sampler sampler = new Sampler(sampledPid, result);
        long start = System.nanoTime() + 50_000_000;
        long rampNanos = (long) (options.ramp() * 1e9);
        AtomicLong lastFinish = new AtomicLong(start);
        sampler.start(start);
        for (int i = 0; i < phones.size(); i++) {
            Phone phone = phones.get(i);
            int slot = i;
            long switchedOn = start + (phones.size() <= 1 ? 0 : rampNanos * i / (phones.size() - 1));
            workers.execute(() -> {
                long wait = switchedOn - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                try {
                    boot.run(phone);
                    long now = System.nanoTime();
                    result.bootMicros[slot] = Math.max(1, (now - switchedOn) / 1000);
                    result.finishedAtMillis[slot] = (now - start) / 1_000_000;
                    lastFinish.accumulateAndGet(now, Math::max);
                } catch (BootFailure e) {
                    result.errors.computeIfAbsent(e.kind, k -> new LongAdder()).increment();
                    result.errorExamples.putIfAbsent(e.kind, e.getMessage());
                } catch (RuntimeException e) {
                    result.errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                    result.errorExamples.putIfAbsent(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(1, TimeUnit.HOURS);
        sampler.stop();
        result.seconds = Math.max(1e-3, (lastFinish.get() - start) / 1e9);
        result.completed = (int) Arrays.stream(result.bootMicros).filter(v -> v > 0).count();
        System.out.printf(Locale.ROOT, "  %-34s %-9s %7d boots in %6.2f s = %8.0f boots/s  p50 %7.1f  p95 %7.1f  "
                        + "p99 %7.1f  max %8.1f ms  errors %d%s%n", name, server, result.completed, result.seconds,
                result.rate(), result.percentile(50), result.percentile(95), result.percentile(99),
                result.percentile(100), result.errorCount(), result.errors.isEmpty() ? "" : " " + errorsText(result));
        return result;
    }

    static String errorsText(Result result) {
        return result.errors.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().sum() + " ("
                + result.errorExamples.get(e.getKey()) + ")").collect(Collectors.joining(", "));
    }

    /** Samples a process's CPU (user + system, % of one CPU), RSS and threads from /proc every 250 ms. */
    static final class Sampler {
        private final long pid;
        private final Result result;
        private final long ticksPerSecond = 100;
        private volatile boolean running = true;
        private Thread thread;

        Sampler(long pid, Result result) {
            this.pid = pid;
            this.result = result;
        }

        void start(long origin) {
            thread = new Thread(() -> {
                long lastTicks = ticks();
                long lastTime = System.nanoTime();
                while (running) {
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long ticks = ticks();
                    long now = System.nanoTime();
                    double cpu = (ticks - lastTicks) * 100.0 / ticksPerSecond / ((now - lastTime) / 1e9);
                    lastTicks = ticks;
                    lastTime = now;
                    double[] status = status();
                    synchronized (result.samples) {
                        result.samples.add(new double[] {(now - origin) / 1e9, cpu, status[0], status[1]});
                    }
                }
            }, "sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        private long ticks() {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after the command: state is field 3, utime 14 and stime 15 (1-based in proc(5))
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** RSS in MiB and the thread count. */
        private double[] status() {
            double rss = 0;
            double threads = 0;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                    } else if (line.startsWith("Threads:")) {
                        threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process is gone
            }
            return new double[] {rss, threads};
        }
    }

    // ------------------------------------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path work = Files.createTempDirectory("provd-storm-");
        Files.createDirectories(options.out());
        List<Result> results = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("date", Instant.now().toString());
        facts.put("cpus", Runtime.getRuntime().availableProcessors());
        facts.put("phones", options.phones());
        facts.put("ramp_seconds", options.ramp());
        facts.put("concurrency", options.concurrency());
        facts.put("http_share_first_boot", options.mix());
        facts.put("warmup_phones", options.warmup());
        facts.put("provd_java_options", options.javaOptions());
        System.out.printf(Locale.ROOT, "boot storm: %d phones, ramp %.1f s, %d at once, %d CPUs; work in %s%n",
                options.phones(), options.ramp(), options.concurrency(), facts.get("cpus"), work);

        try (Provd provd = new Provd(options, work.resolve("home"))) {
            InetSocketAddress http = new InetSocketAddress("127.0.0.1", provd.httpPort);
            InetSocketAddress tftp = new InetSocketAddress("127.0.0.1", provd.tftpPort);
            Boot firstBoot = phone -> {
                provd.dhcpInfo(phone);
                if (phone.tftp()) {
                    tftpFetch(phone, tftp, phone.files());
                } else {
                    httpFetch(phone, http, phone.files());
                }
            };
            Boot httpOnly = phone -> httpFetch(phone, http, phone.files());
            Boot tftpOnly = phone -> tftpFetch(phone, tftp, phone.files());

            // the warm-up: other phones, the same work, unmeasured
            if (options.warmup() > 0) {
                List<Phone> warm = phones(options.phones(), options.warmup(), options.mix());
                System.out.println("warm-up (not measured):");
                for (int round = 0; round < 2; round++) {
                    storm("warm-up first boot", "mixed", "provd", warm, options, provd.pid(), firstBoot);
                    storm("warm-up known, HTTP", "http", "provd", warm, options, provd.pid(), httpOnly);
                    storm("warm-up known, TFTP", "tftp", "provd", warm, options, provd.pid(), tftpOnly);
                    warm = phones(options.phones() + options.warmup(), options.warmup(), options.mix());
                }
            }

            List<Phone> storm = phones(0, options.phones(), options.mix());
            System.out.println("measured:");
            results.add(storm("first boot (unknown phones, autoprov)", "mixed", "provd", storm, options,
                    provd.pid(), firstBoot));

            configure(provd, storm);
            List<Phone> viaHttp = storm.stream().map(p -> new Phone(p.index(), p.mac(), p.address(), p.model(),
                    false)).toList();
            List<Phone> viaTftp = storm.stream().map(p -> new Phone(p.index(), p.mac(), p.address(), p.model(),
                    true)).toList();
            results.add(storm("known phones, HTTP", "http", "provd", viaHttp, options, provd.pid(), httpOnly));
            results.add(storm("known phones, TFTP", "tftp", "provd", viaTftp, options, provd.pid(), tftpOnly));
            results.add(storm("known phones, DHCP + HTTP", "http", "provd", viaHttp, options, provd.pid(),
                    phone -> {
                        provd.dhcpInfo(phone);
                        httpFetch(phone, http, phone.files());
                    }));

            if (options.reference()) {
                Path root = work.resolve("reference");
                copyTree(provd.fileArea(), root);
                try (Reference nginx = Reference.nginx(work, root)) {
                    InetSocketAddress address = new InetSocketAddress("127.0.0.1", nginx.port);
                    Boot boot = phone -> httpFetch(phone, address, phone.files());
                    storm("warm-up", "http", "nginx", viaHttp.subList(0, Math.min(options.warmup(), viaHttp.size())),
                            options, nginx.process.pid(), boot);
                    results.add(storm("known phones, HTTP", "http", "nginx", viaHttp, options, nginx.process.pid(),
                            boot));
                }
                try (Reference tftpd = Reference.tftpd(root)) {
                    InetSocketAddress address = new InetSocketAddress("127.0.0.1", tftpd.port);
                    results.add(storm("known phones, TFTP", "tftp", "tftpd-hpa", viaTftp, options,
                            tftpd.process.pid(), phone -> tftpFetch(phone, address, phone.files())));
                }
            }
        }

        Map<String, Double> ratios = ratios(results);
        System.out.println();
        ratios.forEach((k, v) -> System.out.printf(Locale.ROOT, "ratio %-40s %8.2f%n", k, v));
        Files.writeString(options.out().resolve("report.json"), Report.json(facts, results, ratios));
        Files.writeString(options.out().resolve("report.html"), Report.html(facts, results, ratios));
        System.out.println("report: " + options.out().resolve("report.html").toAbsolutePath() + " and report.json");
        deleteTree(work);
    }

    /** Gives every phone a config with a SIP line, as an operator's PBX would, and waits for its files. */
    static void configure(Provd provd, List<Phone> phones) throws Exception {
        provd.send("POST", "/provd/cfg_mgr/configs", """
                {"config": {"id": "storm", "parent_ids": ["base"], "raw_config": {"sip_lines": {"1": {
                "proxy_ip": "10.0.0.1", "username": "storm", "password": "secret", "display_name": "Storm"}}}}}
                """, 201);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<?>> updates = new ArrayList<>();
        for (Phone phone : phones) {
            updates.add(pool.submit(() -> {
                String found = provd.get("/provd/dev_mgr/devices?q=" + java.net.URLEncoder.encode(
                        "{\"mac\": \"" + phone.colonMac() + "\"}", StandardCharsets.UTF_8));
                java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]+)\"")
                        .matcher(found);
                if (!id.find()) {
                    throw new IOException("no device for " + phone.mac() + ": " + found);
                }
                provd.send("PUT", "/provd/dev_mgr/devices/" + id.group(1), "{\"device\": {\"id\": \"" + id.group(1)
                        + "\", \"mac\": \"" + phone.colonMac() + "\", \"ip\": \"" + phone.ip()
                        + "\", \"vendor\": \"Digium\", \"model\": \"" + phone.model() + "\", \"version\": \"2.8.1\""
                        + ", \"plugin\": \"digium-2.8.1\", \"config\": \"storm\", \"configured\": true}}", 204);
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> update : updates) {
            update.get();
        }
        pool.shutdown();
        Path last = provd.fileArea().resolve(phones.get(phones.size() - 1).files().get(0));
        await("the phones' files rendered with their SIP line", () -> {
            try {
                return Files.readString(last).contains("storm");
            } catch (IOException e) {
                return false;
            }
        });
        System.out.printf(Locale.ROOT, "  (%d phones configured with a SIP line over REST in %.1f s)%n",
                phones.size(), (System.nanoTime() - started) / 1e9);
    }

    static Map<String, Double> ratios(List<Result> results) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (String protocol : List.of("http", "tftp")) {
            Result provd = find(results, "known phones, " + protocol.toUpperCase(Locale.ROOT), "provd");
            Result reference = find(results, "known phones, " + protocol.toUpperCase(Locale.ROOT),
                    protocol.equals("http") ? "nginx" : "tftpd-hpa");
            if (provd != null && reference != null) {
                ratios.put(protocol + " boots/s provd / " + reference.server, provd.rate() / reference.rate());
                ratios.put(protocol + " p99 provd / " + reference.server, provd.percentile(99)
                        / reference.percentile(99));
            }
        }
        return ratios;
    }

    static Result find(List<Result> results, String name, String server) {
        return results.stream().filter(r -> r.name.equals(name) && r.server.equals(server)).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------------------------------------ report

    /** The JSON and HTML reports. */
    static final class Report {
        static String json(Map<String, Object> facts, List<Result> results, Map<String, Double> ratios) {
            StringBuilder json = new StringBuilder("{\n  \"facts\": {");
            json.append(facts.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + value(e.getValue()))
                    .collect(Collectors.joining(", ")));
            json.append("},\n  \"ratios\": {");
            json.append(ratios.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + number(e.getValue()))
                    .collect(Collectors.joining(", ")));
            json.append("},\n  \"storms\": [\n");
            List<String> storms = new ArrayList<>();
            for (Result r : results) {
                storms.add("    {\"name\": " + value(r.name) + ", \"server\": " + value(r.server) + ", \"protocol\": "
                        + value(r.protocol) + ", \"phones\": " + r.phones + ", \"completed\": " + r.completed
                        + ", \"seconds\": " + number(r.seconds) + ", \"boots_per_second\": " + number(r.rate())
                        + ", \"latency_ms\": {\"p50\": " + number(r.percentile(50)) + ", \"p95\": "
                        + number(r.percentile(95)) + ", \"p99\": " + number(r.percentile(99)) + ", \"max\": "
                        + number(r.percentile(100)) + "}, \"errors\": {" + r.errors.entrySet().stream()
                        .map(e -> value(e.getKey()) + ": " + e.getValue().sum()).collect(Collectors.joining(", "))
                        + "}, \"server_max_rss_mib\": " + number(max(r, 2)) + ", \"server_mean_cpu_percent\": "
                        + number(mean(r, 1)) + ", \"server_max_threads\": " + number(max(r, 3)) + "}");
            }
            json.append(String.join(",\n", storms)).append("\n  ]\n}\n");
            return json.toString();
        }

        static String html(Map<String, Object> facts, List<Result> results, Map<String, Double> ratios) {
            StringBuilder html = new StringBuilder("""
                    <!DOCTYPE html><html><head><meta charset="utf-8"><title>provd boot storm</title><style>
                    body{font-family:sans-serif;margin:2em;color:#222} table{border-collapse:collapse;margin:1em 0}
                    td,th{border:1px solid #ccc;padding:4px 8px;text-align:right} th{background:#f4f4f4}
                    td:first-child,th:first-child{text-align:left} svg{background:#fafafa;border:1px solid #ddd;
                    margin:0 1em 1em 0} h2{margin-top:2em}</style></head><body><h1>provd boot storm</h1>
                    """);
            html.append("<p>").append(facts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining(" · "))).append("</p><h2>Ratios</h2><table>");
            ratios.forEach((k, v) -> html.append("<tr><td>").append(k).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", v)).append("</td></tr>"));
            html.append("</table><h2>Storms</h2><table><tr><th>storm</th><th>server</th><th>boots</th><th>s</th>"
                    + "<th>boots/s</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th><th>errors</th>"
                    + "<th>max RSS MiB</th><th>mean CPU %</th><th>max threads</th></tr>");
            for (Result r : results) {
                html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%d</td><td>%.2f</td>"
                                + "<td>%.0f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%s</td>"
                                + "<td>%.0f</td><td>%.0f</td><td>%.0f</td></tr>", r.name, r.server, r.completed,
                        r.seconds, r.rate(), r.percentile(50), r.percentile(95), r.percentile(99),
                        r.percentile(100), r.errors.isEmpty() ? "0" : escape(errorsText(r)), max(r, 2), mean(r, 1),
                        max(r, 3)));
            }
            html.append("</table>");
            for (Result r : results) {
                html.append("<h2>").append(r.name).append(" — ").append(r.server).append("</h2>");
                html.append(chart("boots completed per 250 ms", "boots", List.of(throughput(r))));
                html.append(chart("boot latency over time (ms): p50 and p99 of the boots finished in each 250 ms",
                        "ms", latencyOverTime(r)));
                html.append(chart("server CPU (% of one CPU) and RSS (MiB)", "", resources(r)));
            }
            return html.append("</body></html>\n").toString();
        }

        record Series(String name, String color, double[] x, double[] y) {
        }

        static Series throughput(Result r) {
            TreeMap<Long, Integer> buckets = new TreeMap<>();
            for (int i = 0; i < r.phones; i++) {
                if (r.bootMicros[i] > 0) {
                    buckets.merge(r.finishedAtMillis[i] / 250, 1, Integer::sum);
                }
            }
            return series("boots", "#1f77b4", buckets, v -> (double) v);
        }

        static List<Series> latencyOverTime(Result r) {
            TreeMap<Long, List<Long>> buckets = new TreeMap<>();
            for (int i = 0; i < r.phones; i++) {
                if (r.bootMicros[i] > 0) {
                    buckets.computeIfAbsent(r.finishedAtMillis[i] / 250, k -> new ArrayList<>()).add(r.bootMicros[i]);
                }
            }
            return List.of(series("p50", "#2ca02c", buckets, v -> pct(v, 50)),
                    series("p99", "#d62728", buckets, v -> pct(v, 99)));
        }

        static List<Series> resources(Result r) {
            List<double[]> samples;
            synchronized (r.samples) {
                samples = List.copyOf(r.samples);
            }
            double[] x = samples.stream().mapToDouble(s -> s[0]).toArray();
            return List.of(new Series("CPU %", "#ff7f0e", x, samples.stream().mapToDouble(s -> s[1]).toArray()),
                    new Series("RSS MiB", "#9467bd", x, samples.stream().mapToDouble(s -> s[2]).toArray()));
        }

        static <T> Series series(String name, String color, TreeMap<Long, T> buckets,
                java.util.function.Function<T, Double> value) {
            double[] x = buckets.keySet().stream().mapToDouble(k -> k * 0.25).toArray();
            double[] y = buckets.values().stream().mapToDouble(value::apply).toArray();
            return new Series(name, color, x, y);
        }

        static double pct(List<Long> micros, double p) {
            long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
            int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1));
            return sorted[index] / 1000.0;
        }

        /** An SVG line chart: x in seconds from the storm's start. */
        static String chart(String title, String unit, List<Series> series) {
            int width = 640;
            int height = 220;
            int left = 50;
            int bottom = 30;
            double maxX = series.stream().flatMapToDouble(s -> Arrays.stream(s.x())).max().orElse(1);
            double maxY = series.stream().flatMapToDouble(s -> Arrays.stream(s.y())).max().orElse(1);
            maxX = Math.max(maxX, 1e-3);
            maxY = Math.max(maxY, 1e-3);
            StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                    "<svg width='%d' height='%d' xmlns='http://www.w3.org/2000/svg'><text x='%d' y='14' "
                            + "font-size='12'>%s</text>", width, height, left, escape(title)));
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#888'/>", left,
                    height - bottom, width - 10, height - bottom));
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='20' x2='%d' y2='%d' stroke='#888'/>", left,
                    left, height - bottom));
            svg.append(String.format(Locale.ROOT, "<text x='2' y='28' font-size='10'>%.0f %s</text>", maxY, unit));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='10'>%.1f s</text>", width - 50,
                    height - 12, maxX));
            int legend = left + 10;
            for (Series s : series) {
                StringBuilder points = new StringBuilder();
                for (int i = 0; i < s.x().length; i++) {
                    double px = left + s.x()[i] / maxX * (width - left - 10);
                    double py = height - bottom - s.y()[i] / maxY * (height - bottom - 25);
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                }
                svg.append("<polyline fill='none' stroke='").append(s.color()).append("' points='").append(points)
                        .append("'/>");
                svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='10' fill='%s'>%s</text>",
                        legend, height - 2, s.color(), escape(s.name())));
                legend += 80;
            }
            return svg.append("</svg>").toString();
        }

        static double max(Result r, int column) {
            synchronized (r.samples) {
                return r.samples.stream().mapToDouble(s -> s[column]).max().orElse(Double.NaN);
            }
        }

        static double mean(Result r, int column) {
            synchronized (r.samples) {
                return r.samples.stream().mapToDouble(s -> s[column]).average().orElse(Double.NaN);
            }
        }

        static String number(double value) {
            return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null";
        }

        static String value(Object value) {
            if (value instanceof Integer || value instanceof Long) {
                return value.toString();
            }
            if (value instanceof Number n) {
                return number(n.doubleValue());
            }
            return "\"" + String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        // nginx's workers and in.tftpd read as other users
        try (Stream<Path> walk = Files.walk(to)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                path.toFile().setReadable(true, false);
                path.toFile().setExecutable(Files.isDirectory(path), false);
            }
        }
        for (Path dir = to; dir != null; dir = dir.getParent()) {
            dir.toFile().setExecutable(true, false);
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
