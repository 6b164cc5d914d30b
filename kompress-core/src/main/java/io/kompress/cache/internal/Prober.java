package io.kompress.cache.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Brings failed nodes back: PINGs each node that went down, first after a short delay, then with doubling
 * delays up to a maximum, and marks it healthy as soon as it answers. Runs on one daemon thread per cache, so
 * that no request ever waits on a dead node's timeout twice.
 */
final class Prober implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final long initialMs;
    private final long maxMs;

    Prober(Duration initial, Duration max) {
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kompress-health-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts probing a node that has just been marked down. */
    void watch(Node node) {
        schedule(node, initialMs);
    }

    private void schedule(Node node, long delayMs) {
        try {
            scheduler.schedule(() -> probe(node, delayMs), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            Log.LOG.debug("Not probing {}: the cache is closed", node);
        }
    }

    private void probe(Node node, long lastDelayMs) {
        try {
            node.ping();
            node.markUp();
        } catch (RuntimeException e) {
            Log.LOG.debug("Probe of {} failed: {}", node, Failures.classify(e));
            schedule(node, Math.min(lastDelayMs * 2, maxMs));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
