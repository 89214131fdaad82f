import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time from {@code java -jar provd.jar} to a framework whose every bundle is ACTIVE, on a fresh home (first start:
 * the cache is filled) and on an existing one (restart), against the time the JVM alone takes to start and exit
 * ({@code java -version}) measured in the same invocation.
 *
 * <p>Run: {@code java bench/Startup.java [cnf/target/provd.jar] [runs]}
 */
public class Startup {
    private static final Pattern LB_LINE = Pattern.compile("^\\s*\\d+\\|(\\w+)\\s*\\|", Pattern.MULTILINE);

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

    /** Starts provd and lists bundles until all are active; returns the elapsed time, then stops it. */
    private static long timeToAllActive(String java, Path jar, Path home) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java, "-Dprovd.home=" + home, "-jar", jar.toString())
                .redirectErrorStream(true).start();
        OutputStream in = p.getOutputStream();
        InputStream out = p.getInputStream();
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[65536];
        while (true) {
            in.write("felix:lb\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            int start = seen.length();
            // one answer ends with the next prompt
            while (seen.indexOf("g! ", start) < 0) {
                int n = out.read(buf);
                if (n < 0) {
                    throw new IllegalStateException("provd exited: " + seen);
                }
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            String answer = seen.substring(start);
            Matcher m = LB_LINE.matcher(answer);
            int bundles = 0;
            boolean allActive = true;
            while (m.find()) {
                bundles++;
                allActive &= m.group(1).equals("Active");
            }
            if (bundles > 20 && allActive) {
                long elapsed = millisSince(t0);
                in.write("felix:stop 0\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
                p.waitFor();
                return elapsed;
            }
        }
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
