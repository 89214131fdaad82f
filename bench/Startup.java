import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time from the JVM's start to a framework whose every bundle is ACTIVE (servers listening, store loaded), as the
 * server logs it, on a fresh home (first start: the cache is filled) and on an existing one (restart), against the
 * time the JVM alone takes to start and exit ({@code java -version}) measured in the same invocation.
 *
 * <p>Run: {@code java bench/Startup.java [cnf/target/provd.jar] [runs]}
 */
public class Startup {
    private static final Pattern ALL_ACTIVE = Pattern.compile("all \\d+ bundles active (\\d+) ms after the JVM started");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "cnf/target/provd.jar");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String java = ProcessHandle.current().info().command().orElse("java");

        List<Long> jvm = new ArrayList<>(), fresh = new ArrayList<>(), restart = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            new ProcessBuilder(java, "-version").redirectErrorStream(true).start().waitFor();
            jvm.add(millisSince(t0));

            Path home = Files.createTempDirectory("provd-bench");
            fresh.add(timeToAllActive(java, jar, home));
            restart.add(timeToAllActive(java, jar, home));
        }
        System.out.printf("runs: %d%n", runs);
        report("JVM alone (java -version)", jvm, median(jvm));
        report("provd, first start (empty home)", fresh, median(jvm));
        report("provd, restart (existing home)", restart, median(jvm));
    }

    /**
     * Starts provd and waits for its log line saying every bundle is active, measured by the server itself from the
     * JVM's start; returns that figure, then stops the server.
     */
    private static long timeToAllActive(String java, Path jar, Path home) throws Exception {
        Process p = new ProcessBuilder(java, "-Dprovd.home=" + home, "-Dorg.slf4j.simpleLogger.logFile=System.out",
                "-Dprovd.http.port=0", "-Dprovd.tftp.port=0", "-jar", jar.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null;) {
                Matcher m = ALL_ACTIVE.matcher(line);
                if (m.find()) {
                    p.getOutputStream().write("felix:stop 0\n".getBytes(StandardCharsets.US_ASCII));
                    p.getOutputStream().flush();
                    p.waitFor();
                    return Long.parseLong(m.group(1));
                }
            }
        }
        throw new IllegalStateException("provd exited before every bundle was active");
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void report(String what, List<Long> values, long reference) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        long median = median(values);
        System.out.printf("%-34s median %5d ms  min %5d  max %5d  (%.1fx the JVM alone)%n", what, median,
                sorted.get(0), sorted.get(sorted.size() - 1), (double) median / reference);
    }
}
