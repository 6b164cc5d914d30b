package io.kompress.cache.internal.topology;

import io.kompress.cache.internal.time.Scheduler;
import io.kompress.cache.internal.time.TimeSource;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a topology's discovery task (ask Sentinel, read the cluster's slot map) on its own daemon thread: once
 * when started, then at a fixed delay, and {@link #soon()} when a call just saw the primary fail. Requests
 * from failing calls are coalesced and rate-limited to one per {@link StandaloneTopology#REDISCOVER_MILLIS},
 * so an outage does not turn every failed call into a query.
 */
final class Rediscovery implements AutoCloseable {

    private final Runnable task;
    private final long periodMs;
    private final Scheduler scheduler;
    private final TimeSource time;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile long lastRequestedNanos;

    Rediscovery(String threadName, long periodMs, Runnable task, TimeSource time) {
        this.task = task;
        this.periodMs = periodMs;
        this.time = time;
        this.scheduler = time.newScheduler(threadName);
        this.lastRequestedNanos = time.nanoTime() - StandaloneTopology.REDISCOVER_MILLIS * 1_000_000;
    }

    /** Runs the task once on the caller's thread (so the first call finds nodes), then every period. */
    void start() {
        task.run();
        schedulePeriodic();
    }

    private void schedulePeriodic() {
        scheduler.schedule(() -> {
            try {
                task.run();
            } finally {
                schedulePeriodic();
            }
        }, periodMs * 1_000_000);
    }

    /** Runs the task as soon as possible, unless a run was asked for within the rate limit. */
    void soon() {
        long now = time.nanoTime();
        if (now - lastRequestedNanos < StandaloneTopology.REDISCOVER_MILLIS * 1_000_000) {
            return;
        }
        lastRequestedNanos = now;
        if (queued.compareAndSet(false, true)) {
            boolean accepted = scheduler.schedule(() -> {
                queued.set(false);
                task.run();
            }, 0);
            if (!accepted) {
                queued.set(false);
            }
        }
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
