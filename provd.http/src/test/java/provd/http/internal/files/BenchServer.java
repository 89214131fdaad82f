package provd.http.internal.files;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import provd.core.api.Device;
import provd.core.api.ProvisioningRequest;
import provd.core.api.ProvisioningRoute;
import provd.core.api.ProvisioningService;
import provd.http.internal.files.TestSupport.CountingGuard;

/**
 * The phone HTTP server standalone, for bench/http/run.sh: every request is routed to one directory (as plugin
 * {@code bench}, {@code .cfg} files sensitive, as a plugin's configuration files are), nobody is banned.
 *
 * <p>Run: {@code java -cp <test classpath> provd.http.internal.files.BenchServer DIR PORT [BIND [MAX_THREADS]]};
 * it prints {@code listening on PORT} and serves until killed, then prints its statistics.
 */
public final class BenchServer {
    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BenchServer DIR PORT [BIND [MAX_THREADS]]");
            System.exit(2);
        }
        Path area = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String bind = args.length > 2 ? args[2] : "127.0.0.1";
        int maxThreads = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        Device device = Device.of(Map.of("id", "bench"));
        ProvisioningService router = new ProvisioningService() {
            @Override
            public ProvisioningRoute route(ProvisioningRequest request) {
                return ProvisioningRoute.served(device, "bench", area, request.path().endsWith(".cfg"));
            }

            @Override
            public void delivered(ProvisioningRoute route) {
                // no remote state to record
            }
        };
        PhoneHttpServer server = new PhoneHttpServer(router, new CountingGuard(),
                TestSupport.config(Map.of("bind", bind, "port", port, "max_threads", maxThreads)));
        if (!server.isListening()) {
            System.err.println("not listening");
            System.exit(1);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("statistics: " + server.statistics());
            server.deactivate();
            stopped.countDown();
        }));
        System.out.println("listening on " + server.port());
        System.out.flush();
        stopped.await();
    }
}
