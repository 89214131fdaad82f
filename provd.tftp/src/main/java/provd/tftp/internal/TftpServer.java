package provd.tftp.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.api.AccessGuard;
import provd.core.api.ProvisioningService;
import provd.core.api.ServerStatus;

/**
 * The phone-facing TFTP server: serves read requests (RFC 1350, octet and netascii) with the blksize, timeout, tsize
 * and windowsize options (RFC 2347, 2348, 2349, 7440) from the file area the provisioning service routes each
 * request to, small files from memory while unchanged ({@link provd.core.api.ServedFileCache}); refuses writes. A
 * port that cannot be bound is logged and the component stays active, unbound, until a configuration change binds
 * it.
 */
// REQUIRE: the distribution always ships etc/provd.tftp.cfg; waiting for it means binding once, on the right port
@Component(configurationPid = TftpServer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = ServerStatus.class)
@Designate(ocd = TftpServer.Config.class)
public final class TftpServer implements ServerStatus {
    static final String PID = "provd.tftp";
    private static final Logger LOG = LoggerFactory.getLogger(TftpServer.class);

    @ObjectClassDefinition(name = "provd TFTP server", description = "The phone-facing TFTP server")
    @interface Config {
        @AttributeDefinition(description = "The address to listen on (0.0.0.0: every IPv4 address)")
        String bind() default "0.0.0.0";

        @AttributeDefinition(description = "The UDP port to listen on (0: any free port)", min = "0", max = "65535")
        int port() default 69;

        @AttributeDefinition(description = "Read requests served at once; beyond, clients are told to retry",
                min = "1")
        int max_transfers() default 2000;

        @AttributeDefinition(description = "The first retransmission timeout in milliseconds, doubled at each "
                + "retry (a client's timeout option replaces it)", min = "10")
        int timeout_ms() default 1000;

        @AttributeDefinition(description = "Retransmissions of a packet before a transfer is given up", min = "0")
        int max_retries() default 5;

        @AttributeDefinition(description = "The largest block size granted to the blksize option", min = "8",
                max = "65464")
        int max_blksize() default 65464;

        @AttributeDefinition(description = "The largest window granted to the windowsize option", min = "1",
                max = "65535")
        int max_windowsize() default 64;

        @AttributeDefinition(description = "Error replies per second to one address that sends malformed or "
                + "forbidden requests or is banned; beyond, silence (0: answer every one)", min = "0")
        int max_error_replies() default 10;

        @AttributeDefinition(description = "Memory for the content of small files served (each up to 256 KiB), "
                + "in MiB; 0: every file is read from disk at each request", min = "0")
        int file_cache_mb() default 128;
    }

    private final TftpStatistics statistics = new TftpStatistics();
    private final Engine engine;

    @Activate
    public TftpServer(@Reference ProvisioningService provisioning, @Reference AccessGuard guard, Config config) {
        Settings settings = Settings.of(config);
        try {
            this.engine = new Engine(provisioning, guard, statistics, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the TFTP server", e);
        }
        engine.apply(settings);
    }

    /** Applies a changed configuration; a changed address or port is rebound without a restart. */
    @Modified
    void modified(Config config) {
        Settings settings = Settings.of(config);
        LOG.debug("TFTP server configuration: {}", settings);
        engine.apply(settings);
    }

    @Deactivate
    void deactivate() {
        engine.stop();
        LOG.info("TFTP server stopped ({})", statistics);
    }

    /** The server's counters. */
    public TftpStatistics statistics() {
        return statistics;
    }

    /** The UDP port listened on, or -1 when not listening. */
    public int port() {
        InetSocketAddress bound = engine.boundAddress();
        return bound == null ? -1 : bound.getPort();
    }

    /** The address and port listened on, or null when not listening. */
    public InetSocketAddress boundAddress() {
        return engine.boundAddress();
    }

    /** Requests being routed or transferred now. */
    public int requestsUnderWay() {
        return engine.activeSlots();
    }

    @Override
    public String protocol() {
        return "tftp";
    }

    @Override
    public OptionalInt listeningPort() {
        int port = port();
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /**
     * Transfers by how they ended, the error packets sent by code (a refusal answers a request), and the refusals
     * left unanswered because their address had had its share of error replies.
     */
    @Override
    public Map<String, Long> requestsByOutcome() {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        outcomes.put("served", statistics.transfersCompleted());
        outcomes.put("failed", statistics.transfersFailed());
        outcomes.put("not_found", statistics.errorsSent(Packets.ERR_FILE_NOT_FOUND));
        outcomes.put("forbidden", statistics.errorsSent(Packets.ERR_ACCESS_VIOLATION));
        outcomes.put("illegal_operation", statistics.errorsSent(Packets.ERR_ILLEGAL_OPERATION));
        outcomes.put("option_refused", statistics.errorsSent(Packets.ERR_OPTION_REFUSED));
        outcomes.put("error", statistics.errorsSent(Packets.ERR_UNDEFINED));
        outcomes.put("unanswered", statistics.errorsSuppressed());
        return outcomes;
    }

    @Override
    public Map<String, Long> figures() {
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("transfers_active", (long) statistics.activeTransfers());
        figures.put("retransmissions_total", statistics.retransmissions());
        figures.put("datagrams_shed_total", statistics.datagramsShed());
        figures.put("bytes_sent_total", statistics.bytesSent());
        figures.putAll(engine.fileCache().figures());
        return figures;
    }
}
