package provd.tftp.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The TFTP server alone, outside OSGi, serving one directory to every client (for the benchmark and for trying
 * clients by hand): {@code java -cp <test classpath> provd.tftp.internal.TftpStandalone DIR [PORT [BIND]]}. Prints
 * {@code listening on PORT} once bound; stops on SIGTERM or SIGINT, printing its counters.
 */
public final class TftpStandalone {
    private TftpStandalone() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TftpStandalone DIR [PORT [BIND]]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Map<String, Object> values = new HashMap<>();
        values.put("port", args.length > 1 ? Integer.parseInt(args[1]) : 0);
        values.put("bind", args.length > 2 ? args[2] : "127.0.0.1");
        TftpServer server = new TftpServer(new TftpTestSupport.Routing(dir), new TftpTestSupport.Guard(),
                TftpTestSupport.config(values));
        if (server.port() < 0) {
            System.exit(1);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.deactivate();
            System.out.println("stopped: " + server.statistics());
            stopped.countDown();
        }));
        System.out.println("listening on " + server.port());
        System.out.flush();
        stopped.await();
    }
}
