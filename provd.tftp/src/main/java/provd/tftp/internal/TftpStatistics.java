package provd.tftp.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The TFTP server's counters, since it started. Thread-safe; read them from any thread. */
public final class TftpStatistics {
    private final LongAdder requests = new LongAdder();
    private final LongAdder readRequests = new LongAdder();
    private final LongAdder transfersStarted = new LongAdder();
    private final LongAdder transfersCompleted = new LongAdder();
    private final LongAdder transfersFailed = new LongAdder();
    private final AtomicInteger activeTransfers = new AtomicInteger();
    private final LongAdder retransmissions = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder errorsSuppressed = new LongAdder();
    private final LongAdder datagramsShed = new LongAdder();
    private final LongAdder[] errorsSent = new LongAdder[Packets.MAX_ERROR_CODE + 1];

    TftpStatistics() {
        for (int i = 0; i < errorsSent.length; i++) {
            errorsSent[i] = new LongAdder();
        }
    }

    /** Packets received on the server port (requests, valid or not). */
    public long requests() {
        return requests.sum();
    }

    /** Well-formed read requests received. */
    public long readRequests() {
        return readRequests.sum();
    }

    /** Transfers that began (a file was found and its first OACK or DATA sent). */
    public long transfersStarted() {
        return transfersStarted.sum();
    }

    /** Transfers whose last block was acknowledged. */
    public long transfersCompleted() {
        return transfersCompleted.sum();
    }

    /** Transfers given up: retries exhausted, aborted by the client, I/O error, server stopping. */
    public long transfersFailed() {
        return transfersFailed.sum();
    }

    /** Transfers under way now. */
    public int activeTransfers() {
        return activeTransfers.get();
    }

    /** DATA and OACK packets sent again (after a timeout, or from an earlier block a client acknowledged). */
    public long retransmissions() {
        return retransmissions.sum();
    }

    /** File bytes sent in DATA packets, retransmissions included. */
    public long bytesSent() {
        return bytesSent.sum();
    }

    /** ERROR packets sent with {@code code} (0-8); 0 for a code out of that range. */
    public long errorsSent(int code) {
        return code < 0 || code >= errorsSent.length ? 0 : errorsSent[code].sum();
    }

    /** ERROR packets sent, all codes. */
    public long errorsSent() {
        long n = 0;
        for (LongAdder a : errorsSent) {
            n += a.sum();
        }
        return n;
    }

    /** Error replies not sent: their address had used its budget (a flood). */
    public long errorsSuppressed() {
        return errorsSuppressed.sum();
    }

    /** Datagrams to the server port dropped unhandled: their address, or all of them, had too many waiting. */
    public long datagramsShed() {
        return datagramsShed.sum();
    }

    void datagramShed() {
        datagramsShed.increment();
    }

    void errorSuppressed() {
        errorsSuppressed.increment();
    }

    void request() {
        requests.increment();
    }

    void readRequest() {
        readRequests.increment();
    }

    void transferStarted() {
        transfersStarted.increment();
        activeTransfers.incrementAndGet();
    }

    void transferCompleted() {
        transfersCompleted.increment();
        activeTransfers.decrementAndGet();
    }

    void transferFailed() {
        transfersFailed.increment();
        activeTransfers.decrementAndGet();
    }

    void retransmitted() {
        retransmissions.increment();
    }

    void sent(int bytes) {
        bytesSent.add(bytes);
    }

    void errorSent(int code) {
        if (code >= 0 && code < errorsSent.length) {
            errorsSent[code].increment();
        }
    }

    @Override
    public String toString() {
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < errorsSent.length; i++) {
            long n = errorsSent[i].sum();
            if (n > 0) {
                errors.append(errors.length() == 0 ? "" : ", ").append(i).append('=').append(n);
            }
        }
        return "requests=" + requests() + " rrq=" + readRequests() + " started=" + transfersStarted()
                + " completed=" + transfersCompleted() + " failed=" + transfersFailed() + " active="
                + activeTransfers() + " retransmissions=" + retransmissions() + " bytes=" + bytesSent()
                + " errors={" + errors + "}";
    }
}
