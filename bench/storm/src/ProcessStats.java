import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A process's figures as Linux's /proc shows them, and for a JVM its live heap as jcmd reports it. */
final class ProcessStats {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    /** A thread's line in a thread dump: its name in quotes at the start. */
    private static final Pattern THREAD_NAME = Pattern.compile("(?m)^\"(.*?)\" ");

    /** Clock ticks a second, in which /proc counts CPU time (USER_HZ, 100 on Linux). */
    static final long TICKS_PER_SECOND = 100;

    private final long pid;

    ProcessStats(long pid) {
        this.pid = pid;
    }

    boolean alive() {
        return Files.exists(Path.of("/proc/" + pid + "/status"));
    }

    /** User + system CPU time in clock ticks ({@link #TICKS_PER_SECOND}), 0 once the process is gone. */
    long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state is field 3, utime 14 and stime 15 (1-based in proc(5))
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** RSS in MiB and the thread count; zeros once the process is gone. */
    double[] rssAndThreads() {
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

    /**
     * The JVM's heap in use just after a full collection (jcmd GC.run, then GC.heap_info), in MiB: what it really
     * keeps, which a heap figure taken at a random moment hides under garbage not yet collected. NaN when jcmd
     * cannot attach.
     */
    double liveHeapMiB() {
        try {
            jcmd("GC.run");
            Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
            return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /**
     * The JVM's threads counted by name, digits replaced by {@code #} ({@code provd-http-#}), so that a pool that
     * grew shows as one line; empty when jcmd cannot attach.
     */
    Map<String, Integer> threadsByName() {
        Map<String, Integer> byName = new TreeMap<>();
        try {
            Matcher name = THREAD_NAME.matcher(jcmd("Thread.print"));
            while (name.find()) {
                byName.merge(name.group(1).replaceAll("\\d+", "#"), 1, Integer::sum);
            }
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        return byName;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(jdkTool("jcmd"), Long.toString(pid), command).redirectErrorStream(true)
                .start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + command + ": " + output);
        }
        return output;
    }

    /** A tool of the JDK running the bench, beside its java; else the one on the PATH. */
    private static String jdkTool(String name) {
        Path beside = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling(name);
        return Files.isExecutable(beside) ? beside.toString() : name;
    }
}
