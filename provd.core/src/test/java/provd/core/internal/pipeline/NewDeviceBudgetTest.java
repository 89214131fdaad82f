package provd.core.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class NewDeviceBudgetTest {
    private final AtomicLong now = new AtomicLong();

    private static InetAddress address(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void advance(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void anAddressCreatesUpToItsBudgetThenOneMoreAsItRefills() {
        NewDeviceBudget budget = new NewDeviceBudget(3, now::get);
        for (int i = 0; i < 3; i++) {
            assertTrue(budget.take(address(1)));
        }
        assertFalse(budget.take(address(1)));
        assertTrue(budget.take(address(2)), "each address has its own budget");

        advance(19);
        assertFalse(budget.take(address(1)), "one creation comes back every 20 s at 3 a minute");
        advance(1);
        assertTrue(budget.take(address(1)));
        assertFalse(budget.take(address(1)));

        advance(600);
        for (int i = 0; i < 3; i++) {
            assertTrue(budget.take(address(1)), "a quiet address gets its whole budget back, no more");
        }
        assertFalse(budget.take(address(1)));
    }

    @Test
    void zeroMeansNoLimit() {
        NewDeviceBudget budget = new NewDeviceBudget(0, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(budget.take(address(1)));
        }
    }

    @Test
    void theAddressesTrackedAreBoundedForgettingThoseWithAFullBudgetFirst() {
        NewDeviceBudget budget = new NewDeviceBudget(3, now::get);
        for (int n = 0; n < NewDeviceBudget.MAX_TRACKED_ADDRESSES; n++) {
            assertTrue(budget.take(address(n)));
        }
        InetAddress newcomer = address(NewDeviceBudget.MAX_TRACKED_ADDRESSES);
        assertFalse(budget.take(newcomer), "every tracked address is still creating: forged addresses, refused");

        advance(20);
        assertTrue(budget.take(newcomer), "the full budgets were forgotten to make room");
        assertTrue(budget.take(address(0)), "a forgotten address starts again with a full budget");
    }
}
