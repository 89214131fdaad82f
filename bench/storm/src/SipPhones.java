import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The phones' SIP user agents, as far as provisioning goes: each phone listens at its own address on the SIP port,
 * answers a NOTIFY with 200 OK (its Via, From, To, Call-ID and CSeq echoed, as RFC 3261 section 8.2.6 says) and then,
 * as a phone told to resync does, fetches its files again. One selector thread serves every phone's socket; the
 * fetches run on a pool.
 */
final class SipPhones implements AutoCloseable {
    /** What a phone does once it has answered a NOTIFY. */
    @FunctionalInterface
    interface Resync {
        void run(Phone phone);
    }

    private final Selector selector = Selector.open();
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final ExecutorService fetches;
    private final Resync resync;
    private final Thread thread;
    private final AtomicLong notifies = new AtomicLong();
    private final AtomicLong other = new AtomicLong();
    private final Map<String, Boolean> answered = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    SipPhones(List<Phone> phones, int port, ExecutorService fetches, Resync resync) throws IOException {
        this.fetches = fetches;
        this.resync = resync;
        try {
            for (Phone phone : phones) {
                DatagramChannel channel = DatagramChannel.open();
                channels.add(channel);
                channel.bind(new InetSocketAddress(phone.address(), port));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, phone);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        thread = new Thread(this::serve, "sip-phones");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        while (running) {
            try {
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    for (SocketAddress from; (from = channel.receive(buffer.clear())) != null; ) {
                        answer(channel, from, StandardCharsets.UTF_8.decode(buffer.flip()).toString(),
                                (Phone) key.attachment());
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                if (running) {
                    System.err.println("sip phones: " + e);
                }
            }
        }
    }

    private void answer(DatagramChannel channel, SocketAddress from, String request, Phone phone) throws IOException {
        if (!request.startsWith("NOTIFY ")) {
            other.incrementAndGet();
            return;
        }
        StringBuilder response = new StringBuilder("SIP/2.0 200 OK\r\n");
        String branch = "";
        for (String line : request.split("\r\n")) {
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
            if (List.of("via", "from", "to", "call-id", "cseq").contains(name)) {
                response.append(line).append("\r\n");
            }
            if (name.equals("via")) {
                branch = line;
            }
        }
        response.append("Content-Length: 0\r\n\r\n");
        channel.send(ByteBuffer.wrap(response.toString().getBytes(StandardCharsets.UTF_8)), from);
        // a NOTIFY sent again (its answer lost, or late) is answered again, and its phone fetches once
        if (answered.putIfAbsent(branch, Boolean.TRUE) == null) {
            notifies.incrementAndGet();
            fetches.execute(() -> resync.run(phone));
        }
    }

    /** The NOTIFYs answered, each transaction counted once. */
    long notifies() {
        return notifies.get();
    }

    /** Datagrams that were not a NOTIFY. */
    long others() {
        return other.get();
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            if (thread != null) {
                thread.join(5_000);
            }
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing
        }
        for (DatagramChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
