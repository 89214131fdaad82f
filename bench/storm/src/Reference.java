import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A reference server started from its Debian package, serving a copy of provd's files. */
final class Reference implements AutoCloseable {
    final Process process;
    final int port;

    private Reference(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Reference nginx(Path work, Path root) throws Exception {
        int port = Support.freePort();
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
                  keepalive_requests 1000000;
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
        Support.await("nginx", () -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return new Reference(process, port);
    }

    static Reference tftpd(Path root) throws Exception {
        int port = Support.freeUdpPort();
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
