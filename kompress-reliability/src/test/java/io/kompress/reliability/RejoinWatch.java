package io.kompress.reliability;

import io.kompress.testing.RedisProcess;

/**
 * Times a replica's return to the read rotation: polls (every 20 ms, on a separate admin connection) when its
 * link to the primary is up again, i.e. it holds the primary's data, and when its {@code HMGET} count in
 * {@code INFO commandstats} has grown by {@value #SERVED} since 50 ms after the heal (which skips requests
 * queued while it was paused).
 */
final class RejoinWatch {

    static final int SERVED = 20;

    private final Thread thread;
    private volatile long rejoinNanos = -1;
    private volatile long readyNanos = -1;

    private RejoinWatch(RedisProcess replica, long healAt, LoadDriver driver) {
        this.thread = new Thread(() -> watch(replica, healAt, driver), "rejoin-watch");
        this.thread.setDaemon(true);
    }

    static RejoinWatch start(RedisProcess replica, long healAt, LoadDriver driver) {
        RejoinWatch w = new RejoinWatch(replica, healAt, driver);
        w.thread.start();
        return w;
    }

    private void watch(RedisProcess replica, long healAt, LoadDriver driver) {
        try {
            Thread.sleep(50);
            long base = -1;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    if (base < 0) {
                        base = replica.commandCalls("hmget");
                    }
                    if (readyNanos < 0 && replica.info("replication").contains("master_link_status:up")) {
                        readyNanos = driver.now() - healAt;
                    }
                    if (replica.commandCalls("hmget") >= base + SERVED) {
                        rejoinNanos = driver.now() - healAt;
                        return;
                    }
                } catch (RuntimeException notAnsweringYet) {
                    // a replica busy loading may not answer the admin connection in time; ask again
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops watching. */
    void stop() throws InterruptedException {
        thread.interrupt();
        thread.join(10_000);
    }

    /** Milliseconds from the heal until the replica served reads again, or -1 if it never did. */
    long rejoinMillis() {
        return rejoinNanos < 0 ? -1 : rejoinNanos / 1_000_000;
    }

    /** Milliseconds from the heal until the replica's link to its primary was up, or -1. */
    long readyMillis() {
        return readyNanos < 0 ? -1 : readyNanos / 1_000_000;
    }
}
