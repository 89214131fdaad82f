package provd.tftp.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import provd.core.api.AccessGuard;
import provd.core.api.ProvisioningRequest;
import provd.core.api.ProvisioningRoute;
import provd.core.api.ProvisioningService;
import provd.core.api.RequestType;
import provd.core.api.ServedFileCache;
import provd.core.api.ServedFileCache.ServedFile;

/**
 * The TFTP server's machinery: one selector thread drives every transfer port (non-blocking I/O, no thread per
 * transfer) and handles what came to the server port; read requests are routed on a small bounded pool, since
 * routing may block, and come back to the selector thread as ready transfers. The server port is read by a thread
 * of its own, which only queues each datagram by client address ({@link RequestQueue}): the kernel's buffer never
 * fills while the selector thread is busy, and a flood from a few addresses delays nobody else's requests.
 */
final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(TftpServer.class);
    /** Timers are checked at most this often. */
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final int ROUTING_THREADS = 4;
    private static final int ROUTING_QUEUE = 512;
    private static final int PACKETS_PER_WAKEUP = 256;
    /** Datagrams (and bytes) one client address may have waiting, then all addresses together. */
    private static final int QUEUED_PER_ADDRESS = 256;
    private static final long QUEUED_BYTES_PER_ADDRESS = 1 << 20;
    private static final long QUEUED_BYTES = 16 << 20;
    /** The addresses whose error replies are counted at once; beyond, new ones get silence (spoofed floods). */
    private static final int MAX_COUNTED_ADDRESSES = 65_536;

    private final ProvisioningService provisioning;
    private final AccessGuard guard;
    private final TftpStatistics stats;
    private final Selector selector;
    private final Thread thread;
    private final ThreadPoolExecutor routing;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile Settings settings;
    /** The content of the small files served; replaced when its size is configured anew. */
    private volatile ServedFileCache files;
    private volatile ReplyBudget errorReplies;

    // The server port, in blocking mode, read by its receiver thread. Written on the selector thread; read by the
    // routing threads to answer errors.
    private volatile DatagramChannel main;
    private volatile InetSocketAddress bound;
    private Thread receiver;
    private final RequestQueue requests = new RequestQueue(QUEUED_PER_ADDRESS, QUEUED_BYTES_PER_ADDRESS,
            QUEUED_BYTES);

    /** Requests taken (routing or transferring), against max_transfers. */
    private final AtomicInteger slots = new AtomicInteger();
    /**
     * The clients (address and port) whose request is under way, with {@link #ROUTING} or their transfer: a
     * retransmitted RRQ from one is ignored.
     */
    private final ConcurrentHashMap<InetSocketAddress, Object> underWay = new ConcurrentHashMap<>();
    private static final Object ROUTING = new Object();

    // Selector thread only.
    private final Set<Transfer> transfers = new HashSet<>();
    /** What the transfer ports receive: ACKs and errors. */
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(Packets.MAX_DATAGRAM);
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(4 + Packets.MAX_BLKSIZE);
    private final ByteBuffer asciiBuffer = ByteBuffer.allocate(Packets.MAX_BLKSIZE);
    private final ByteBuffer errorBuffer = ByteBuffer.allocate(600);
    private long nextScan = Long.MAX_VALUE;
    private long lastScan = System.nanoTime();

    Engine(ProvisioningService provisioning, AccessGuard guard, TftpStatistics stats, Settings settings)
            throws IOException {
        this.provisioning = provisioning;
        this.guard = guard;
        this.stats = stats;
        this.settings = settings;
        this.files = new ServedFileCache(settings.fileCacheBytes());
        this.errorReplies = new ReplyBudget(settings.maxErrorReplies(), MAX_COUNTED_ADDRESSES);
        this.selector = Selector.open();
        AtomicInteger threads = new AtomicInteger();
        this.routing = new ThreadPoolExecutor(ROUTING_THREADS, ROUTING_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(ROUTING_QUEUE), r -> {
                    Thread t = new Thread(r, "provd-tftp-route-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.routing.allowCoreThreadTimeOut(true);
        this.thread = new Thread(this::run, "provd-tftp");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Applies {@code next}; (re)binds the server port when its address or port changed or it is not bound, and
     * waits for that.
     *
     * @return the address listened on, or null when the port could not be bound (which is logged)
     */
    InetSocketAddress apply(Settings next) {
        Settings previous = settings;
        settings = next;
        if (next.maxErrorReplies() != previous.maxErrorReplies()) {
            errorReplies = new ReplyBudget(next.maxErrorReplies(), MAX_COUNTED_ADDRESSES);
        }
        if (next.fileCacheBytes() != previous.fileCacheBytes()) {
            files = new ServedFileCache(next.fileCacheBytes());
        }
        if (bound != null && next.sameEndpoint(previous)) {
            return bound;
        }
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(next.bind()), next.port());
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("TFTP server cannot listen on {}:{}: {}", next.bind(), next.port(), reason(e));
            post(this::closeMain);
            return null;
        }
        CompletableFuture<InetSocketAddress> result = new CompletableFuture<>();
        if (!post(() -> listen(next, address, result))) {
            return null;
        }
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            LOG.error("TFTP server cannot listen on {}:{}: {}", next.bind(), next.port(), reason(e));
            return null;
        }
    }

    /** The address and port listened on, or null when not bound. */
    InetSocketAddress boundAddress() {
        return bound;
    }

    /** The content of small files kept in memory now. */
    ServedFileCache fileCache() {
        return files;
    }

    int activeSlots() {
        return slots.get();
    }

    /** Stops the selector thread and the routing pool; closes every port and file. */
    void stop() {
        running = false;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        routing.shutdownNow();
        try {
            routing.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runTasks(); // hand-overs that came late close what they hold
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    // --- selector thread ---

    private void run() {
        try {
            while (running) {
                long now = System.nanoTime();
                if (requests.isEmpty()) {
                    long wait = 0;
                    if (!transfers.isEmpty() && nextScan != Long.MAX_VALUE) {
                        wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextScan - now + 999_999));
                    }
                    selector.select(wait);
                } else {
                    selector.selectNow(); // datagrams wait: the transfers get their turn, then the datagrams
                }
                runTasks();
                handleQueued();
                Set<SelectionKey> selected = selector.selectedKeys();
                Iterator<SelectionKey> it = selected.iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    dispatch(key);
                }
                now = System.nanoTime();
                if (now - nextScan >= 0) {
                    scanTimers(now);
                }
            }
        } catch (Throwable t) {
            LOG.error("the TFTP server stopped on an unexpected error", t);
        } finally {
            running = false;
            for (Transfer t : new ArrayList<>(transfers)) {
                t.fail("server stopping", Packets.ERR_UNDEFINED, "Server shutting down");
            }
            closeMain();
        }
    }

    private void dispatch(SelectionKey key) {
        Object attachment = key.attachment();
        long now = System.nanoTime();
        try {
            if (!key.isValid()) {
                return;
            }
            if (attachment instanceof Transfer) {
                Transfer t = (Transfer) attachment;
                if (key.isReadable()) {
                    t.onReadable(now);
                }
                if (key.isValid() && key.isWritable()) {
                    t.onWritable(now);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("TFTP: unexpected error handling {}", attachment == null ? "the server port" : attachment, e);
            if (attachment instanceof Transfer) {
                ((Transfer) attachment).fail("internal error: " + e, Packets.ERR_UNDEFINED, "Internal error");
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("TFTP: unexpected error", e);
            }
        }
    }

    private boolean post(Runnable task) {
        if (!running) {
            return false;
        }
        tasks.add(task);
        selector.wakeup();
        return true;
    }

    private void scanTimers(long now) {
        lastScan = now;
        nextScan = Long.MAX_VALUE;
        for (Transfer t : transfers.toArray(new Transfer[0])) {
            t.onTimer(now);
        }
        long earliest = Long.MAX_VALUE;
        boolean any = false;
        for (Transfer t : transfers) {
            if (!any || t.deadline() - earliest < 0) {
                earliest = t.deadline();
                any = true;
            }
        }
        if (any) {
            deadlineSet(earliest);
        }
    }

    /** A transfer's timer is set to {@code deadline}: checks timers then, or at the next tick if sooner. */
    void deadlineSet(long deadline) {
        long at = deadline - (lastScan + TICK_NANOS) < 0 ? lastScan + TICK_NANOS : deadline;
        if (nextScan == Long.MAX_VALUE || at - nextScan < 0) {
            nextScan = at;
        }
    }

    private void listen(Settings s, InetSocketAddress address, CompletableFuture<InetSocketAddress> result) {
        closeMain();
        if (!running) {
            result.complete(null);
            return;
        }
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open(family(address.getAddress()));
            // room for a boot storm's (or a flood's) datagrams while the receiver waits for a CPU: a request the kernel
            // drops for a full buffer is a phone waiting for its retry; the kernel caps it at net.core.rmem_max
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            channel.bind(address);
            main = channel;
            DatagramChannel received = channel;
            receiver = new Thread(() -> receive(received), "provd-tftp-receive");
            receiver.setDaemon(true);
            receiver.start();
            bound = (InetSocketAddress) channel.getLocalAddress();
            LOG.info("TFTP server listening on {}:{}", s.bind(), bound.getPort());
            result.complete(bound);
        } catch (IOException | RuntimeException e) {
            LOG.error("TFTP server cannot listen on {}:{}: {}", s.bind(), s.port(), reason(e));
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
            result.complete(null);
        }
    }

    private void closeMain() {
        DatagramChannel channel = main;
        main = null;
        bound = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
        if (receiver != null) {
            try {
                // the port is released once the receiver has left receive(), which the close wakes it from
                receiver.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            receiver = null;
        }
        requests.clear();
    }

    // --- receiver thread ---

    /** Reads the server port until it is closed, queueing each datagram for the selector thread. */
    private void receive(DatagramChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(Packets.MAX_DATAGRAM);
        try {
            while (channel.isOpen()) {
                buffer.clear();
                SocketAddress from;
                try {
                    from = channel.receive(buffer);
                } catch (ClosedChannelException closed) {
                    return;
                } catch (IOException e) {
                    LOG.debug("TFTP: receive on the server port failed: {}", e.toString());
                    continue;
                }
                buffer.flip();
                stats.request();
                InetSocketAddress client = (InetSocketAddress) from;
                if (client == null || client.getPort() == 0 || !buffer.hasRemaining()) {
                    continue; // nothing to answer to, or an empty datagram
                }
                byte[] datagram = new byte[buffer.remaining()];
                buffer.get(datagram);
                switch (requests.offer(client, datagram)) {
                    case FIRST -> selector.wakeup();
                    case DROPPED -> stats.datagramShed();
                    case QUEUED -> { }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("TFTP: the server port's receiver stopped on an unexpected error", e);
        }
    }

    private static ProtocolFamily family(InetAddress address) {
        return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        if (cause instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /** Handles the datagrams that came to the server port, a batch at a time, each address in turn. */
    private void handleQueued() {
        DatagramChannel channel = main;
        for (int i = 0; i < PACKETS_PER_WAKEUP && channel != null; i++) {
            RequestQueue.Datagram datagram = requests.poll();
            if (datagram == null) {
                return;
            }
            handleRequest(channel, datagram.from(), ByteBuffer.wrap(datagram.bytes()));
        }
    }

    private void handleRequest(DatagramChannel channel, InetSocketAddress client, ByteBuffer packet) {
        int opcode = Packets.opcode(packet);
        switch (opcode) {
            case Packets.RRQ:
                ReadRequest request;
                try {
                    request = ReadRequest.parse(packet);
                } catch (ReadRequest.Rejected e) {
                    LOG.debug("TFTP: bad read request from {}: {}", client, e.getMessage());
                    refuse(channel, client, e.code, e.getMessage());
                    return;
                }
                if (guard.isBanned(client.getAddress())) {
                    // refused here, not on the routing threads: a banned flood costs them nothing
                    stats.readRequest();
                    refuse(channel, client, Packets.ERR_ACCESS_VIOLATION, "Access violation");
                    return;
                }
                accept(request, client);
                return;
            case Packets.WRQ:
                refuse(channel, client, Packets.ERR_ACCESS_VIOLATION, "Access violation");
                return;
            case Packets.ERROR:
                return; // never answered
            default:
                refuse(channel, client, Packets.ERR_ILLEGAL_OPERATION, "Illegal TFTP operation");
        }
    }

    /** Answers a malformed, forbidden or banned request with an error, within the client address's budget. */
    private void refuse(DatagramChannel channel, InetSocketAddress client, int code, String message) {
        if (mayRefuseAloud(client.getAddress())) {
            sendError(channel, client, code, message);
        }
    }

    /** Whether a refusal to {@code client} may be answered now, within its budget; one that may not is counted. */
    private boolean mayRefuseAloud(InetAddress client) {
        if (errorReplies.take(client, System.nanoTime())) {
            return true;
        }
        stats.errorSuppressed();
        return false;
    }

    private void accept(ReadRequest request, InetSocketAddress client) {
        stats.readRequest();
        Settings s = settings;
        InetSocketAddress local = bound;
        if (local == null) {
            return;
        }
        Object existing = underWay.get(client);
        if (existing == ROUTING) {
            return; // a retransmitted RRQ, still being routed
        }
        if (existing instanceof Transfer) {
            Transfer t = (Transfer) existing;
            t.onReadable(System.nanoTime()); // what the client sent before this request: its last ACK maybe
            if (!t.isFinished()) {
                if (request.equals(t.request()) && !t.lastBlockSent()) {
                    return; // a retransmitted RRQ: its transfer answers it
                }
                t.fail("superseded by a new request from the same port", -1, null);
            }
        }
        if (underWay.putIfAbsent(client, ROUTING) != null) {
            return;
        }
        if (slots.incrementAndGet() > s.maxTransfers()) {
            release(client, ROUTING);
            sendError(main, client, Packets.ERR_UNDEFINED, "Server busy, try again");
            return;
        }
        try {
            routing.execute(() -> prepare(request, client, s, local.getAddress()));
        } catch (RejectedExecutionException e) {
            release(client, ROUTING);
            sendError(main, client, Packets.ERR_UNDEFINED, "Server busy, try again");
        }
    }

    private void release(InetSocketAddress client, Object holder) {
        slots.decrementAndGet();
        underWay.remove(client, holder);
    }

    private void startTransfer(Transfer t) {
        if (!running) {
            t.close();
            release(t.client(), ROUTING);
            return;
        }
        SelectionKey key;
        try {
            key = t.channel().register(selector, SelectionKey.OP_READ, t);
        } catch (ClosedChannelException e) {
            t.close();
            release(t.client(), ROUTING);
            return;
        }
        underWay.replace(t.client(), ROUTING, t);
        transfers.add(t);
        stats.transferStarted();
        t.start(key, System.nanoTime());
    }

    /** A transfer ended: frees its slot. */
    void finished(Transfer t) {
        if (transfers.remove(t)) {
            release(t.client(), t);
        }
    }

    /**
     * A transfer's last block was acknowledged: when it was the device's remote-state trigger, the core is told, on a
     * routing thread since it may wait for a lock (inline when the pool is saturated, rather than lose the record).
     */
    void delivered(Transfer t) {
        ProvisioningRoute route = t.route();
        if (!route.isRemoteStateTrigger()) {
            return;
        }
        Runnable report = () -> {
            try {
                provisioning.delivered(route);
            } catch (RuntimeException e) {
                LOG.warn("TFTP: recording the delivery of {} failed", t, e);
            }
        };
        try {
            routing.execute(report);
        } catch (RejectedExecutionException saturated) {
            report.run();
        }
    }

    void logFailure(Transfer t, String reason) {
        if (reason.startsWith("client")) {
            LOG.debug("TFTP transfer of {} to {} failed: {}", t.filename(), t.client().getAddress().getHostAddress(),
                    reason);
        } else {
            LOG.info("TFTP transfer of {} to {} failed: {}", t.filename(), t.client().getAddress().getHostAddress(),
                    reason);
        }
    }

    ByteBuffer receiveBuffer() {
        return receiveBuffer;
    }

    ByteBuffer sendBuffer() {
        return sendBuffer;
    }

    ByteBuffer asciiBuffer() {
        return asciiBuffer;
    }

    /** Sends an ERROR from the selector thread. */
    void sendError(DatagramChannel channel, SocketAddress to, int code, String message) {
        if (channel == null) {
            return;
        }
        try {
            channel.send(Packets.error(errorBuffer, code, message), to);
            stats.errorSent(code);
        } catch (IOException | RuntimeException e) {
            LOG.debug("TFTP: could not send error {} to {}: {}", code, to, e.toString());
        }
    }

    // --- routing threads ---

    /** Routes a read request, opens its file and its port, and hands the transfer to the selector thread. */
    private void prepare(ReadRequest request, InetSocketAddress client, Settings s, InetAddress bindAddress) {
        boolean handedOver = false;
        Source file = null;
        DatagramChannel channel = null;
        String filename = request.filename();
        try {
            InetAddress address = client.getAddress();
            if (guard.isBanned(address)) {
                // banned while it waited for a routing thread
                LOG.debug("TFTP: refused {} to banned {}", filename, address.getHostAddress());
                if (mayRefuseAloud(address)) {
                    replyError(client, Packets.ERR_ACCESS_VIOLATION, "Access violation");
                }
                return;
            }
            ProvisioningRoute route = provisioning.route(
                    ProvisioningRequest.builder(RequestType.TFTP, address).path(filename).build());
            ServedFileCache cache = files;
            Optional<ServedFile> found = route.fileArea().flatMap(area -> cache.find(area, filename));
            if (found.isPresent()) {
                Optional<ByteBuffer> content = found.get().content();
                try {
                    file = content.isPresent() ? Source.of(content.get())
                            : Source.of(FileChannel.open(found.get().path(), StandardOpenOption.READ));
                } catch (NoSuchFileException e) {
                    found = Optional.empty();
                } catch (AccessDeniedException e) {
                    LOG.warn("TFTP: cannot read {}: access denied", found.get().path());
                    replyError(client, Packets.ERR_ACCESS_VIOLATION, "Access violation");
                    return;
                }
            }
            if (found.isEmpty()) {
                if (route.isSensitive() && !route.isDenied()) {
                    guard.recordMiss(address, filename);
                }
                LOG.debug("TFTP: {} asked for {}: not found ({})", address.getHostAddress(), filename, route);
                replyError(client, Packets.ERR_FILE_NOT_FOUND, "File not found");
                return;
            }
            Negotiation negotiation = Negotiation.of(request, s, file.size());
            channel = DatagramChannel.open(family(bindAddress));
            channel.configureBlocking(false);
            if (negotiation.windowsize() > 1) {
                int want = (int) Math.min(8L << 20, (long) negotiation.windowsize() * (negotiation.blksize() + 32));
                channel.setOption(StandardSocketOptions.SO_SNDBUF, Math.max(want, 64 << 10));
            }
            channel.bind(new InetSocketAddress(bindAddress, 0));
            Transfer transfer = new Transfer(this, stats, channel, client, request, route, file, negotiation,
                    s.maxRetries());
            handedOver = post(() -> startTransfer(transfer));
        } catch (IOException e) {
            LOG.info("TFTP transfer of {} to {} failed: {}", filename, client.getAddress().getHostAddress(),
                    e.toString());
            replyError(client, Packets.ERR_UNDEFINED, "Server error");
        } catch (RuntimeException e) {
            LOG.warn("TFTP: routing {} for {} failed", filename, client.getAddress().getHostAddress(), e);
            replyError(client, Packets.ERR_UNDEFINED, "Internal error");
        } finally {
            if (!handedOver) {
                closeQuietly(file);
                closeQuietly(channel);
                release(client, ROUTING);
            }
        }
    }

    /** Sends an ERROR from the server port, from any thread. */
    private void replyError(InetSocketAddress client, int code, String message) {
        DatagramChannel channel = main;
        if (channel == null) {
            return;
        }
        try {
            channel.send(Packets.error(code, message), client);
            stats.errorSent(code);
        } catch (IOException e) {
            LOG.debug("TFTP: could not send error {} to {}: {}", code, client, e.toString());
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
