/** Samples a process's CPU (user + system, % of one CPU), RSS and threads from /proc every 250 ms into a result. */
final class Sampler {
    private final ProcessStats process;
    private final Result result;
    private volatile boolean running = true;
    private Thread thread;

    Sampler(long pid, Result result) {
        this.process = new ProcessStats(pid);
        this.result = result;
    }

    void start(long origin) {
        thread = new Thread(() -> {
            long lastTicks = process.cpuTicks();
            long lastTime = System.nanoTime();
            while (running) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
                long ticks = process.cpuTicks();
                long now = System.nanoTime();
                double cpu = (ticks - lastTicks) * 100.0 / ProcessStats.TICKS_PER_SECOND / ((now - lastTime) / 1e9);
                lastTicks = ticks;
                lastTime = now;
                double[] status = process.rssAndThreads();
                synchronized (result.samples) {
                    result.samples.add(new double[] {(now - origin) / 1e9, cpu, status[0], status[1]});
                }
            }
        }, "sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }
}
