package provd.tftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ReplyBudgetTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long START = 123_456_789L;

    private static InetAddress address(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
    }

    private static int taken(ReplyBudget budget, InetAddress address, long now, int attempts) {
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            if (budget.take(address, now)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aBurstOfItsRateThenTheRateItself() throws Exception {
        ReplyBudget budget = new ReplyBudget(10, 100);
        InetAddress a = address(1);

        assertEquals(10, taken(budget, a, START, 50), "the burst");
        assertEquals(0, taken(budget, a, START + SECOND / 20, 50), "half a reply refilled: none yet");
        assertEquals(5, taken(budget, a, START + SECOND / 2, 50), "half a second: half the rate");
        assertEquals(10, taken(budget, a, START + 10 * SECOND, 50), "a long silence refills the burst, no more");
    }

    @Test
    void eachAddressHasItsOwnBudget() throws Exception {
        ReplyBudget budget = new ReplyBudget(3, 100);

        assertEquals(3, taken(budget, address(1), START, 10));
        assertEquals(3, taken(budget, address(2), START, 10), "another address is not silenced by the first");
    }

    @Test
    void zeroMeansEveryReply() throws Exception {
        ReplyBudget budget = new ReplyBudget(0, 1);

        assertEquals(1000, taken(budget, address(1), START, 1000));
        assertEquals(0, budget.addresses(), "nothing tracked");
    }

    @Test
    void pastItsAddressLimitANewAddressGetsSilenceUntilQuietOnesAreForgotten() throws Exception {
        ReplyBudget budget = new ReplyBudget(5, 2);
        assertTrue(budget.take(address(1), START));
        assertTrue(budget.take(address(2), START));

        assertFalse(budget.take(address(3), START + 1), "a spoofed flood cannot grow the table");
        assertTrue(budget.take(address(1), START + 2), "a tracked address keeps its budget");

        // a second later, the quiet ones are full again and forgotten
        assertTrue(budget.take(address(3), START + 2 + SECOND));
        assertTrue(budget.addresses() <= 2, "bounded: " + budget.addresses());
    }
}
