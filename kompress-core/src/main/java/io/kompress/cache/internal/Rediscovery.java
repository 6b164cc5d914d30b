package io.kompress.cache.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile long lastRequestedNanos;

    Rediscovery(String threadName, long periodMs, Runnable task) {
        this.task = task;
        this.periodMs = periodMs;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the task once on the caller's thread (so the first call finds nodes), then every period. */
    void start() {
        task.run();
        scheduler.scheduleWithFixedDelay(task, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Runs the task as soon as possible, unless a run was asked for within the rate limit. */
    void soon() {
        long now = System.nanoTime();
        if (now - lastRequestedNanos < StandaloneTopology.REDISCOVER_MILLIS * 1_000_000) {
            return;
        }
        lastRequestedNanos = now;
        if (queued.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    queued.set(false);
                    task.run();
                });
            } catch (RejectedExecutionException closed) {
                queued.set(false);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
