package provd.core.internal.sync;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.internal.config.HostNames;
import provd.core.spi.SyncRequest;

/**
 * Direct SIP: a NOTIFY sent over UDP straight to the phone, to {@code sip:anonymous@<ip>:<port>}, as an RFC 3261
 * non-INVITE client transaction. The request is retransmitted on timer E (T1, doubling up to T2; every T2 once a
 * provisional response came) until a final response, or until timer F says there was no answer. A 2xx is success;
 * any other final response is a failure with its status line.
 *
 * <p>One channel carries every transaction; a receiving thread tells their answers apart by the top Via's branch,
 * and one timer thread retransmits. Each request's Via, From and Contact carry the local address that routes to its
 * phone, so that the phone can answer.
 */
public final class SipNotifySynchronizer implements SyncMethod {
    private static final Logger LOG = LoggerFactory.getLogger(SipNotifySynchronizer.class);

    private final int sourcePort;
    private final DatagramChannel channel;
    private final int localPort;
    private final ScheduledThreadPoolExecutor timers;
    private final Thread receiver;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Transaction> transactions = new ConcurrentHashMap<>();
    /** The settings of the requests to come; each transaction keeps those it started with. */
    private volatile SipSettings settings;
    private volatile boolean retiring;

    /**
     * Binds the channel and starts the receiving thread.
     *
     * @throws IOException when the source port cannot be bound
     */
    public SipNotifySynchronizer(SipSettings settings) throws IOException {
        this.settings = settings;
        this.sourcePort = settings.sourcePort();
        this.channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(settings.sourcePort()));
            this.localPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.timers = new ScheduledThreadPoolExecutor(1, runnable -> daemon(runnable, "provd-sip-timers"));
        timers.setRemoveOnCancelPolicy(true);
        receiver = daemon(this::receive, "provd-sip-receiver");
        receiver.start();
        LOG.info("SIP NOTIFYs leave from UDP port {}", localPort);
    }

    /**
     * Uses {@code next} for the requests to come, on the same channel.
     *
     * @throws IllegalArgumentException when {@code next} has another source port: that takes a new synchronizer
     */
    public void apply(SipSettings next) {
        if (next.sourcePort() != sourcePort) {
            throw new IllegalArgumentException("the source port is fixed: " + sourcePort);
        }
        settings = next;
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** The UDP port requests leave from and answers come back to. */
    public int localPort() {
        return localPort;
    }

    @Override
    public CompletionStage<Void> synchronize(SyncRequest request) {
        String ip = request.ip();
        SipSettings current = settings;
        if (!HostNames.isIpAddress(ip)) {
            return CompletableFuture.failedFuture(new SyncFailure(ip, "not an IP address"));
        }
        if (retiring) {
            return CompletableFuture.failedFuture(new SyncFailure(ip, "the synchronizer stopped"));
        }
        InetSocketAddress target;
        InetAddress local;
        try {
            // a literal, as checked above: no name lookup
            target = new InetSocketAddress(InetAddress.getByName(ip), current.port());
            local = localAddressFor(target);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new SyncFailure(ip, "no route to the phone: " + e.getMessage(), e));
        }
        String uri = "sip:anonymous@" + SipMessages.host(ip) + ":" + current.port();
        String localHost = SipMessages.host(local);
        String branch = SipMessages.BRANCH_COOKIE + SipMessages.randomHex(random, 16);
        byte[] packet = SipMessages.notify(uri, localHost + ":" + localPort, branch,
                SipMessages.randomHex(random, 8), SipMessages.randomHex(random, 16) + "@" + localHost,
                request.event(), request.headers());
        Transaction transaction = new Transaction(request, current, uri, target, branch, packet);
        transactions.put(branch, transaction);
        transaction.start();
        return transaction.outcome.minimalCompletionStage();
    }

    /**
     * The local address the kernel routes to {@code target} from: connecting a datagram channel sends nothing, it
     * only picks the route.
     */
    private static InetAddress localAddressFor(InetSocketAddress target) throws IOException {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.connect(target);
            return ((InetSocketAddress) probe.getLocalAddress()).getAddress();
        }
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(65535);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                buffer.flip();
                Optional<SipMessages.Response> response = SipMessages.parseResponse(buffer);
                Transaction transaction = response.map(r -> transactions.get(r.branch())).orElse(null);
                if (transaction != null && response.get().method().equalsIgnoreCase("NOTIFY")) {
                    transaction.answered(response.get());
                } else {
                    LOG.debug("ignored a datagram from {} that answers no NOTIFY of ours", from);
                }
            } catch (ClosedChannelException closed) { // also AsynchronousCloseException: closed while waiting
                return;
            } catch (IOException | RuntimeException e) {
                // one bad datagram, or a transient error: the thread must go on receiving
                LOG.debug("receiving SIP answers: {}", e.toString());
            }
        }
    }

    @Override
    public void retire() {
        retiring = true;
        if (transactions.isEmpty()) {
            release();
        }
    }

    @Override
    public void close() {
        retiring = true;
        for (Transaction transaction : List.copyOf(transactions.values())) {
            transaction.fail("the synchronizer stopped before an answer", null);
        }
        release();
    }

    private void release() {
        timers.shutdownNow();
        try {
            channel.close();
            // the socket itself closes only once the receiver has left receive(): until then its fixed port is
            // still bound, and the method replacing this one could not take it
            if (Thread.currentThread() != receiver) {
                receiver.join(1_000);
            }
        } catch (IOException e) {
            LOG.debug("closing the SIP channel: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One NOTIFY, from its first send to its outcome. */
    private final class Transaction {
        private final SyncRequest request;
        private final SipSettings settings;
        private final String uri;
        private final InetSocketAddress target;
        private final String branch;
        private final byte[] packet;
        private final CompletableFuture<Void> outcome = new CompletableFuture<>();
        // Guarded by this.
        private long intervalNanos;
        private String provisional;
        private boolean ended;
        private ScheduledFuture<?> retransmission;
        private ScheduledFuture<?> deadline;

        Transaction(SyncRequest request, SipSettings settings, String uri, InetSocketAddress target, String branch,
                byte[] packet) {
            this.request = request;
            this.settings = settings;
            this.intervalNanos = settings.t1().toNanos();
            this.uri = uri;
            this.target = target;
            this.branch = branch;
            this.packet = packet;
        }

        void start() {
            try {
                synchronized (this) {
                    deadline = timers.schedule(this::timedOut, settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
                }
                send();
                scheduleRetransmission();
            } catch (RejectedExecutionException stopped) {
                fail("the synchronizer stopped", null);
            }
        }

        private void send() {
            try {
                channel.send(ByteBuffer.wrap(packet), target);
            } catch (ClosedChannelException e) {
                fail("the synchronizer stopped", null);
            } catch (IOException e) {
                fail("cannot send the NOTIFY: " + e.getMessage(), e);
            }
        }

        private synchronized void scheduleRetransmission() {
            if (!ended) {
                retransmission = timers.schedule(this::retransmit, intervalNanos, TimeUnit.NANOSECONDS);
            }
        }

        private void retransmit() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                // Trying: doubled up to T2; Proceeding: T2 (RFC 3261 section 17.1.2.2)
                long t2 = settings.t2().toNanos();
                intervalNanos = provisional != null ? t2 : Math.min(2 * intervalNanos, t2);
            }
            send();
            scheduleRetransmission();
        }

        void answered(SipMessages.Response response) {
            if (!response.isFinal()) {
                synchronized (this) {
                    provisional = response.statusLine();
                }
                LOG.debug("NOTIFY {} to {}: {}", request.event(), uri, response.statusLine());
            } else if (response.isSuccess()) {
                if (end()) {
                    LOG.info("NOTIFY {} to {}: {}", request.event(), uri, response.statusLine());
                    outcome.complete(null);
                }
            } else {
                fail(response.statusLine(), null);
            }
        }

        private void timedOut() {
            String last;
            synchronized (this) {
                last = provisional;
            }
            fail(last == null ? "no answer after " + settings.timeoutText()
                    : "no final answer after " + settings.timeoutText() + " (last: " + last + ")", null);
        }

        void fail(String reason, Throwable cause) {
            if (end()) {
                LOG.warn("NOTIFY {} to {} failed: {}", request.event(), uri, reason);
                outcome.completeExceptionally(new SyncFailure(request.ip(), reason, cause));
            }
        }

        /** Ends the transaction once: whether this call did. */
        private boolean end() {
            synchronized (this) {
                if (ended) {
                    return false;
                }
                ended = true;
                if (retransmission != null) {
                    retransmission.cancel(false);
                }
                if (deadline != null) {
                    deadline.cancel(false);
                }
            }
            transactions.remove(branch, this);
            if (retiring && transactions.isEmpty()) {
                release();
            }
            return true;
        }
    }
}
