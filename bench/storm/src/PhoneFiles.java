import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Every phone fetches its {@code .cfg} over its protocol and checks that it holds what its config says (a phone
 * whose file is not yet right tries again, until a deadline): how many were right at once, late, or never.
 */
final class PhoneFiles {
    /** The figures of one check. {@code failures} and {@code wrongPhones}: the phones still wrong at the deadline. */
    record Check(int phones, long rightAtOnce, long staleAtFirst, long failedAtFirst, long rightLater,
            Tally failures, List<Phone> wrongPhones, double secondsUntilRight) {
        long wrong() {
            return failures.failed();
        }

        String text() {
            return String.format(Locale.ROOT, "%d phones fetched their .cfg: %d right at once, %d stale and %d "
                            + "failed at the first try, %d right later (the last after %.1f s), %d still wrong at "
                            + "the deadline (%s)", phones, rightAtOnce, staleAtFirst, failedAtFirst, rightLater,
                    secondsUntilRight, wrong(), failures.failuresText());
        }
    }

    private PhoneFiles() {
    }

    /**
     * @param expected what the file of a phone must contain (e.g. {@code username="alice"})
     */
    static Check check(Provd provd, List<Phone> phones, Function<Phone, String> expected, int deadlineSeconds)
            throws Exception {
        return check(new InetSocketAddress("127.0.0.1", provd.httpPort), new InetSocketAddress("127.0.0.1",
                provd.tftpPort), phones, expected, deadlineSeconds);
    }

    static Check check(InetSocketAddress http, InetSocketAddress tftp, List<Phone> phones,
            Function<Phone, String> expected, int deadlineSeconds) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(deadlineSeconds);
        AtomicLong rightAtOnce = new AtomicLong();
        AtomicLong staleAtFirst = new AtomicLong();
        AtomicLong failedAtFirst = new AtomicLong();
        AtomicLong rightLater = new AtomicLong();
        AtomicLong lastRight = new AtomicLong(start);
        Tally failures = new Tally();
        List<Phone> wrongPhones = new CopyOnWriteArrayList<>();
        ExecutorService pool = Support.daemonPool("phone-files", 16);
        try {
            List<Future<Object>> all = phones.stream().map(phone -> pool.submit(() -> {
                String wanted = expected.apply(phone);
                for (int attempt = 0; ; attempt++) {
                    BootFailure failure;
                    try {
                        byte[] file = Clients.fetch(phone, http, tftp, List.of(phone.configFile())).get(0);
                        if (new String(file, StandardCharsets.UTF_8).contains(wanted)) {
                            if (attempt == 0) {
                                rightAtOnce.incrementAndGet();
                            } else {
                                rightLater.incrementAndGet();
                                lastRight.accumulateAndGet(System.nanoTime(), Math::max);
                            }
                            return null;
                        }
                        failure = new BootFailure("stale", phone.configFile() + " lacks " + wanted);
                        if (attempt == 0) {
                            staleAtFirst.incrementAndGet();
                        }
                    } catch (BootFailure e) {
                        failure = e;
                        if (attempt == 0) {
                            failedAtFirst.incrementAndGet();
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        failures.fail(failure);
                        wrongPhones.add(phone);
                        return null;
                    }
                    Thread.sleep(250);
                }
            })).toList();
            for (Future<Object> each : all) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Check(phones.size(), rightAtOnce.get(), staleAtFirst.get(), failedAtFirst.get(), rightLater.get(),
                failures, List.copyOf(wrongPhones), (lastRight.get() - start) / 1e9);
    }
}
