import java.util.concurrent.TimeUnit;

/** Holds a loop to a rate: turn n may start n / perSecond seconds after the pacer was made, not before. */
final class Pacer {
    private final double perSecond;
    private final long origin = System.nanoTime();

    /** @param perSecond turns a second; 0 or less: no limit */
    Pacer(double perSecond) {
        this.perSecond = perSecond;
    }

    void awaitTurn(long n) throws InterruptedException {
        if (perSecond <= 0) {
            return;
        }
        long wait = origin + (long) (n * 1e9 / perSecond) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
