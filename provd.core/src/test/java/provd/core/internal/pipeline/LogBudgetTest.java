package provd.core.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LogBudgetTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void theFirstLinesOfAWindowAreLoggedTheRestCountedAndReportedByTheNextOneLogged() {
        LogBudget budget = new LogBudget(2, 10, TimeUnit.SECONDS);
        long t = 42;

        assertEquals(0, budget.take(t));
        assertEquals(0, budget.take(t + SECOND));
        assertEquals(-1, budget.take(t + 2 * SECOND));
        assertEquals(-1, budget.take(t + 9 * SECOND));

        assertEquals(2, budget.take(t + 10 * SECOND), "a new window: the two left out are told");
        assertEquals(0, budget.take(t + 11 * SECOND), "told once");
        assertEquals(-1, budget.take(t + 12 * SECOND));
    }

    @Test
    void aQuietSpellStartsAFreshWindow() {
        LogBudget budget = new LogBudget(1, 10, TimeUnit.SECONDS);

        assertEquals(0, budget.take(0));
        assertEquals(0, budget.take(100 * SECOND));
        assertEquals(-1, budget.take(100 * SECOND + 1));
    }
}
