package provd.core.internal.sync;

import provd.core.spi.Synchronizer;

/** One way of sending NOTIFYs (direct SIP, Asterisk AMI), replaced as a whole when its settings change. */
interface SyncMethod extends Synchronizer, AutoCloseable {

    /** Takes no new request and lets those under way end on their own, then releases what it holds. */
    void retire();

    /** Stops now: the requests under way fail. */
    @Override
    void close();
}
