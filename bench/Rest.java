import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * REST API throughput with N devices: {@code GET /provd/dev_mgr/devices?q={"mac": ...}} and
 * {@code PUT /provd/dev_mgr/devices/{id}}, each beside {@code GET /provd} (the same authentication, routing and JSON
 * path with no work behind it) measured in the same invocation, so the ratio shows what the device work costs.
 *
 * <p>Run: {@code java bench/Rest.java [cnf/target/provd.jar] [devices=10000] [seconds=10] [concurrency=32]}
 */
public class Rest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private record Result(String name, long requests, long errors, double seconds, List<Long> latenciesNanos) {
        double rate() {
            return requests / seconds;
        }

        long percentileMicros(double p) {
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, p * sorted.size())) / 1000;
        }
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "cnf/target/provd.jar");
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        Path home = Files.createTempDirectory("provd-rest-bench");
        int rest = freePort(), http = freePort(), tftp = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process provd = new ProcessBuilder(java, "-Xms512m", "-Xmx512m", "-Dprovd.home=" + home,
                "-Dprovd.rest.port=" + rest, "-Dprovd.http.port=" + http, "-Dprovd.tftp.port=" + tftp,
                "-Dprovd.bind=127.0.0.1", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("stdout").toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try {
            String base = "http://127.0.0.1:" + rest + "/provd";
            String token = awaitToken(home, base);
            System.out.printf("devices %d, %d s per run, concurrency %d, cores %d%n", devices, seconds, concurrency,
                    Runtime.getRuntime().availableProcessors());

            List<String> ids = new ArrayList<>(devices);
            long c0 = System.nanoTime();
            Result created = run("POST /devices", devices, concurrency, i -> post(base + "/dev_mgr/devices", token,
                    "{\"device\": {\"mac\": \"" + mac(i) + "\", \"ip\": \"" + ip(i) + "\", \"vendor\": \"Digium\", "
                            + "\"model\": \"D40\"}}"), ids);
            System.out.printf("created %d devices in %.2f s: %.0f /s%n", ids.size(), (System.nanoTime() - c0) / 1e9,
                    created.rate());

            Result reference = timed("GET /provd (reference)", seconds, concurrency, i -> get(base, token));
            Result find = timed("GET /devices?q={mac}", seconds, concurrency, i -> get(base
                    + "/dev_mgr/devices?q=" + URLEncoder.encode("{\"mac\": \"" + mac(random(devices)) + "\"}",
                    StandardCharsets.UTF_8), token));
            Result update = timed("PUT /devices/{id}", seconds, concurrency, i -> {
                int n = random(devices);
                return put(base + "/dev_mgr/devices/" + ids.get(n), token, "{\"device\": {\"mac\": \"" + mac(n)
                        + "\", \"ip\": \"" + ip(n) + "\", \"vendor\": \"Digium\", \"model\": \"D40\", "
                        + "\"description\": \"bench " + i + "\"}}");
            });
            for (Result r : List.of(reference, find, update)) {
                System.out.printf("%-24s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d  (%.2fx the reference)%n",
                        r.name(), r.rate(), r.percentileMicros(0.50) / 1000.0, r.percentileMicros(0.99) / 1000.0,
                        r.errors(), r.rate() / reference.rate());
            }
        } finally {
            provd.destroy();
            provd.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Runs {@code count} requests; bodies of 201 answers (the ids) are collected into {@code ids}. */
    private static Result run(String name, int count, int concurrency, IntFunction<HttpRequest> request,
            List<String> ids) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        String[] created = new String[count];
        AtomicLong next = new AtomicLong(), errors = new AtomicLong();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            threads.add(start(() -> {
                for (int i; (i = (int) next.getAndIncrement()) < count; ) {
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> r = CLIENT.send(request.apply(i), HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - s);
                        if (r.statusCode() == 201) {
                            created[i] = r.body().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        for (String id : created) {
            if (id != null) {
                ids.add(id);
            }
        }
        return new Result(name, count, errors.get(), (System.nanoTime() - t0) / 1e9, new ArrayList<>(latencies));
    }

    /** Runs requests for {@code seconds}, after as long a warm-up (the JIT compiles the path meanwhile). */
    private static Result timed(String name, int seconds, int concurrency, IntFunction<HttpRequest> request)
            throws InterruptedException {
        measure(name, seconds, concurrency, request);
        return measure(name, seconds, concurrency, request);
    }

    private static Result measure(String name, int seconds, int concurrency, IntFunction<HttpRequest> request)
            throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong done = new AtomicLong(), errors = new AtomicLong(), sequence = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            threads.add(start(() -> {
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    try {
                        int status = CLIENT.send(request.apply((int) sequence.getAndIncrement()),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        latencies.add(System.nanoTime() - s);
                        done.incrementAndGet();
                        if (status >= 300) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Result(name, done.get(), errors.get(), (System.nanoTime() - t0) / 1e9,
                new ArrayList<>(latencies));
    }

    private static Thread start(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }

    private static HttpRequest get(String uri, String token) {
        return HttpRequest.newBuilder(URI.create(uri)).header("X-Auth-Token", token).GET().build();
    }

    private static HttpRequest post(String uri, String token, String json) {
        return HttpRequest.newBuilder(URI.create(uri)).header("X-Auth-Token", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static HttpRequest put(String uri, String token, String json) {
        return HttpRequest.newBuilder(URI.create(uri)).header("X-Auth-Token", token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static String awaitToken(Path home, String base) throws Exception {
        Path file = home.resolve("etc/admin.token");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String token = Files.readString(file).trim();
                try {
                    if (CLIENT.send(get(base, token), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return token;
                    }
                } catch (IOException notListeningYet) {
                    // retried
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("provd did not start; see " + home.resolve("stdout"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int random(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    private static String mac(int n) {
        return String.format("00:0f:d3:%02x:%02x:%02x", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
    }

    private static String ip(int n) {
        return String.format("10.%d.%d.%d", (n >> 16) & 0xff, (n >> 8) & 0xff, (n & 0xff) | 1);
    }
}
