import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One REST writer of the crash command, over its own devices so that each document has one writer: it creates a
 * config with a SIP line, moves one of its devices to it, changes the config's SIP user, deletes the device's
 * previous config, and again, logging each write before it is sent and when it is acknowledged. It stops at its
 * first write that is not acknowledged, which is the kill's (or a failure {@link #stopReason} tells).
 */
final class CrashWriter implements Runnable {
    private final Provd provd;
    private final WriteLog log;
    private final String prefix;
    private final List<Phone> phones;
    private final List<String> deviceIds;
    /** How long each acknowledged write took, in microseconds; read once the writer has stopped. */
    private final List<Long> micros = new ArrayList<>();
    private volatile String stopReason;
    private volatile long stoppedAtNanos;
    private int next;

    /** @param prefix names its configs ({@code crash-r1-w3-}) */
    CrashWriter(Provd provd, WriteLog log, String prefix, List<Phone> phones, List<String> deviceIds) {
        this.provd = provd;
        this.log = log;
        this.prefix = prefix;
        this.phones = phones;
        this.deviceIds = deviceIds;
    }

    @Override
    public void run() {
        try {
            for (int n = 0; ; n++) {
                String config = prefix + n;
                int index = next++ % phones.size();
                WriteLog.Doc device = new WriteLog.Doc("devices", deviceIds.get(index));
                String previous = log.expected(device);
                write(new WriteLog.Doc("configs", config), config, "POST", "/provd/cfg_mgr/configs",
                        Provd.configJson(config, List.of("base"), Provd.sipLine(config)), 201);
                write(device, config, "PUT", "/provd/dev_mgr/devices/" + device.id(), "{\"device\": "
                        + Provd.deviceJson(phones.get(index), device.id(), config) + "}", 204);
                write(new WriteLog.Doc("configs", config), config + "-v2", "PUT", "/provd/cfg_mgr/configs/"
                        + config, Provd.configJson(config, List.of("base"), Provd.sipLine(config + "-v2")), 204);
                if (!previous.equals(Crash.SHARED_CONFIG)) {
                    write(new WriteLog.Doc("configs", previous), WriteLog.ABSENT, "DELETE",
                            "/provd/cfg_mgr/configs/" + previous, null, 204);
                }
            }
        } catch (IOException e) {
            stoppedAtNanos = System.nanoTime();
            stopReason = String.valueOf(e.getMessage());
        }
    }

    private void write(WriteLog.Doc doc, String value, String method, String path, String json, int expected)
            throws IOException {
        log.sending(doc, value);
        long start = System.nanoTime();
        provd.send(method, path, json, expected);
        micros.add((System.nanoTime() - start) / 1000);
        log.acknowledged(doc, value);
    }

    /** Why it stopped: the message of its write that was not acknowledged. */
    String stopReason() {
        return stopReason;
    }

    List<Long> micros() {
        return micros;
    }

    long stoppedAtNanos() {
        return stoppedAtNanos;
    }
}
