package provd.tftp.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The datagrams that came to the server port and wait to be handled, queued per client address and taken one address
 * after another. A flood from a few addresses then only lengthens their own queues: a phone's read request waits
 * for one datagram of each flooding address at most, where the kernel's single queue would have it wait behind the
 * whole flood, or drop it once full. Each address may queue so many datagrams (and bytes); all together so many
 * bytes; beyond, the new datagram is dropped, charged to its own address. Thread-safe: one thread offers, another
 * takes.
 */
final class RequestQueue {
    /** A datagram and where it came from. */
    record Datagram(InetSocketAddress from, byte[] bytes) {
    }

    /** What became of an offered datagram. */
    enum Offer {
        /** Queued, and the queue was empty: the taker may be waiting for it. */
        FIRST,
        QUEUED,
        /** Dropped: its address, or the queue, was full. */
        DROPPED
    }

    private static final class Waiting {
        final ArrayDeque<Datagram> datagrams = new ArrayDeque<>();
        long bytes;
    }

    private final int maxPerAddress;
    private final long maxBytesPerAddress;
    private final long maxBytes;
    private final Map<InetAddress, Waiting> byAddress = new HashMap<>();
    /** The addresses with datagrams waiting, in turn: the head is served next, then goes to the back if it has more. */
    private final ArrayDeque<InetAddress> turns = new ArrayDeque<>();
    private long bytes;
    private int size;

    RequestQueue(int maxPerAddress, long maxBytesPerAddress, long maxBytes) {
        this.maxPerAddress = maxPerAddress;
        this.maxBytesPerAddress = maxBytesPerAddress;
        this.maxBytes = maxBytes;
    }

    synchronized Offer offer(InetSocketAddress from, byte[] datagram) {
        InetAddress address = from.getAddress();
        Waiting waiting = byAddress.get(address);
        int length = datagram.length;
        if (bytes + length > maxBytes || waiting != null && (waiting.datagrams.size() >= maxPerAddress
                || waiting.bytes + length > maxBytesPerAddress)) {
            return Offer.DROPPED;
        }
        if (waiting == null) {
            waiting = new Waiting();
            byAddress.put(address, waiting);
            turns.addLast(address);
        }
        waiting.datagrams.addLast(new Datagram(from, datagram));
        waiting.bytes += length;
        bytes += length;
        return size++ == 0 ? Offer.FIRST : Offer.QUEUED;
    }

    /** The next datagram, from the address whose turn it is; null when none waits. */
    synchronized Datagram poll() {
        InetAddress address = turns.pollFirst();
        if (address == null) {
            return null;
        }
        Waiting waiting = byAddress.get(address);
        Datagram next = waiting.datagrams.pollFirst();
        waiting.bytes -= next.bytes().length;
        bytes -= next.bytes().length;
        size--;
        if (waiting.datagrams.isEmpty()) {
            byAddress.remove(address);
        } else {
            turns.addLast(address);
        }
        return next;
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }

    synchronized int size() {
        return size;
    }

    synchronized void clear() {
        byAddress.clear();
        turns.clear();
        bytes = 0;
        size = 0;
    }
}
