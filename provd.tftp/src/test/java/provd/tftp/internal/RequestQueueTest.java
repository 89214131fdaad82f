package provd.tftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import provd.tftp.internal.RequestQueue.Offer;

class RequestQueueTest {
    private static InetSocketAddress from(int host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) host}), port);
    }

    private static byte[] datagram(int tag, int size) {
        byte[] bytes = new byte[size];
        bytes[0] = (byte) tag;
        return bytes;
    }

    private static List<Integer> drain(RequestQueue queue) {
        List<Integer> tags = new ArrayList<>();
        RequestQueue.Datagram d;
        while ((d = queue.poll()) != null) {
            tags.add((int) d.bytes()[0]);
        }
        return tags;
    }

    @Test
    void addressesTakeTurnsSoThatAFloodDelaysOthersByOneDatagramEach() throws Exception {
        RequestQueue queue = new RequestQueue(100, 1 << 20, 1 << 20);
        for (int i = 0; i < 5; i++) {
            queue.offer(from(1, 1000 + i), datagram(10 + i, 10)); // a flood from one address, from any port
        }
        queue.offer(from(2, 69), datagram(20, 10)); // a phone
        queue.offer(from(3, 69), datagram(30, 10)); // another

        assertEquals(List.of(10, 20, 30, 11, 12, 13, 14), drain(queue));
        assertTrue(queue.isEmpty());
    }

    @Test
    void eachAddressKeepsItsOrderAndItsSourcePort() throws Exception {
        RequestQueue queue = new RequestQueue(100, 1 << 20, 1 << 20);
        queue.offer(from(1, 5000), datagram(1, 4));
        queue.offer(from(1, 5001), datagram(2, 4));

        assertEquals(from(1, 5000), queue.poll().from());
        assertEquals(from(1, 5001), queue.poll().from());
        assertNull(queue.poll());
    }

    @Test
    void theFirstDatagramOfAnEmptyQueueSaysSo() throws Exception {
        RequestQueue queue = new RequestQueue(100, 1 << 20, 1 << 20);

        assertEquals(Offer.FIRST, queue.offer(from(1, 1), datagram(1, 4)));
        assertEquals(Offer.QUEUED, queue.offer(from(2, 1), datagram(2, 4)));
        drain(queue);
        assertEquals(Offer.FIRST, queue.offer(from(1, 1), datagram(3, 4)));
    }

    @Test
    void aFullAddressLosesItsOwnDatagramsOnly() throws Exception {
        RequestQueue queue = new RequestQueue(3, 1 << 20, 1 << 20);
        for (int i = 0; i < 3; i++) {
            assertTrue(queue.offer(from(1, 1), datagram(i, 10)) != Offer.DROPPED);
        }

        assertEquals(Offer.DROPPED, queue.offer(from(1, 1), datagram(9, 10)));
        assertEquals(Offer.QUEUED, queue.offer(from(2, 1), datagram(20, 10)), "another address is not full");
        assertEquals(4, queue.size());
    }

    @Test
    void bytesAreBoundedPerAddressAndInAll() throws Exception {
        RequestQueue queue = new RequestQueue(100, 1000, 1500);

        assertEquals(Offer.FIRST, queue.offer(from(1, 1), datagram(1, 900)));
        assertEquals(Offer.DROPPED, queue.offer(from(1, 1), datagram(2, 200)), "over its address's bytes");
        assertEquals(Offer.QUEUED, queue.offer(from(2, 1), datagram(3, 500)));
        assertEquals(Offer.DROPPED, queue.offer(from(3, 1), datagram(4, 200)), "over all the bytes");

        queue.poll();
        assertEquals(Offer.QUEUED, queue.offer(from(3, 1), datagram(5, 200)), "room again once taken");
        assertEquals(List.of(3, 5), drain(queue));
    }

    @Test
    void clearEmptiesIt() throws Exception {
        RequestQueue queue = new RequestQueue(10, 1 << 20, 1 << 20);
        queue.offer(from(1, 1), datagram(1, 4));
        queue.clear();

        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
        assertEquals(Offer.FIRST, queue.offer(from(1, 1), datagram(2, 4)));
    }
}
