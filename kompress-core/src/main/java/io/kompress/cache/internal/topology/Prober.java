package io.kompress.cache.internal.topology;

import io.kompress.cache.internal.time.Scheduler;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.util.Log;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Brings failed nodes back: checks each node that went down ({@link Node#readiness}: PING, and for a replica its
 * replication state against the current primary's offset), first after a short delay, then with doubling delays up
 * to a maximum, and marks it healthy as soon as it is ready; suspect nodes are checked at once. A replica that
 * answers with its link up but is still applying the primary's writes is checked again at the initial delay, against
 * the offset it was first found behind (see {@link Readiness}), rather than backed off. The
 * primary is not backed off: it is checked every initial delay. Runs on one daemon thread per cache, so that no
 * request waits on a dead node's timeout more than once.
 */
final class Prober implements AutoCloseable {

    private final Scheduler scheduler;
    private final long initialMs;
    private final long maxMs;
    private final long timeoutMs;
    private final Supplier<Node> primary;

    Prober(Duration initial, Duration max, Duration timeout, TimeSource time, Supplier<Node> primary) {
        this.primary = primary;
        this.timeoutMs = timeout.toMillis();
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.scheduler = time.newScheduler("kompress-health-probe");
    }

    /** Starts probing a node that has just been marked down. */
    void watch(Node node) {
        schedule(node, initialMs);
    }

    /** Probes a suspect node at once; if it fails it is marked down and probed with back-off. */
    void checkNow(Node node) {
        schedule(node, 0);
    }

    private void schedule(Node node, long delayMs) {
        schedule(node, delayMs, -1);
    }

    private void schedule(Node node, long delayMs, long catchUpTo) {
        if (!scheduler.schedule(() -> probe(node, delayMs, catchUpTo), delayMs * 1_000_000)) {
            Log.LOG.debug("Not probing {}: the cache is closed", node);
        }
    }

    private void probe(Node node, long lastDelayMs, long catchUpTo) {
        if (node.isClosed()) {
            return;
        }
        try {
            Readiness r = node.readiness(node.isReplica() ? primary.get() : null, catchUpTo);
            if (r.ready()) {
                node.markUp();
            } else if (r.catchingUp()) {
                Log.LOG.debug("Probe of {}: answers, link up, {}; checking again in {} ms", node, r.reason(),
                    initialMs);
                node.markDown(r.reason());
                schedule(node, initialMs, r.catchUpTo());
            } else {
                Log.LOG.debug("Probe of {}: answers but is not ready ({})", node, r.reason());
                node.markDown(r.reason());
                schedule(node, nextDelay(node, lastDelayMs));
            }
        } catch (RuntimeException e) {
            Log.LOG.debug("Probe of {} failed: {}", node, Failures.classify(e));
            node.markDown(Failures.reason(Failures.classify(e), e, timeoutMs));
            schedule(node, nextDelay(node, lastDelayMs));
        }
    }

    /**
     * Replicas back off (the primary serves their reads meanwhile); the primary is checked at the initial
     * delay every time, because its calls fail fast while it is down and should resume as soon as it answers.
     */
    private long nextDelay(Node node, long lastDelayMs) {
        return node.isReplica() ? Math.min(Math.max(lastDelayMs * 2, initialMs), maxMs) : initialMs;
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
