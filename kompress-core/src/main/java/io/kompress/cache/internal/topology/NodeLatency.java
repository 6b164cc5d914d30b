package io.kompress.cache.internal.topology;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the client knows about one node's speed: a decaying average of its reply times, how many calls it has in
 * flight, and when it last replied. Updates race benignly (a lost sample only delays the average a little), so
 * the hot path takes no lock.
 *
 * <p>The average is time-weighted with a {@value #DECAY_MILLIS} ms time constant: a sample {@code dt} after the
 * previous one moves the average by {@code 1 - exp(-dt / DECAY)} of the difference, but by at least
 * {@value #MIN_WEIGHT}, so the figure tracks the last few hundred milliseconds whether the node serves ten reads
 * a second or ten thousand, and a single outlier fades within a few dozen replies. The first reply after a start
 * or a reset is not counted: it usually paid for opening the connection.
 */
final class NodeLatency {

    /** Time constant of the decaying average. */
    static final long DECAY_MILLIS = 500;
    private static final double DECAY_NANOS = DECAY_MILLIS * 1e6;
    /** The least weight a sample gets. */
    static final double MIN_WEIGHT = 1.0 / 16;

    private volatile double averageNanos = -1; // unknown until the first counted sample
    private volatile boolean warm;
    private volatile long lastSampleNanos;
    private final AtomicLong lastProbeNanos = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicInteger inFlight = new AtomicInteger();

    /** A call to the node starts. */
    void begin() {
        inFlight.incrementAndGet();
    }

    /**
     * A call to the node ended.
     *
     * @param tookNanos how long it took (for a timeout, the timeout)
     * @param nowNanos  the ticker's time at the end
     */
    void end(long tookNanos, long nowNanos) {
        inFlight.decrementAndGet();
        if (!warm) {
            warm = true; // the connection's first reply: not counted
            return;
        }
        double avg = averageNanos;
        if (avg < 0) {
            averageNanos = tookNanos;
        } else {
            double weight = 1 - Math.exp(-Math.max(0, nowNanos - lastSampleNanos) / DECAY_NANOS);
            averageNanos = avg + (tookNanos - avg) * Math.max(MIN_WEIGHT, weight);
        }
        lastSampleNanos = nowNanos;
    }

    /**
     * The cost of sending one more call. With calls in flight it is the average reply time, or the time since
     * the last reply if that is longer (a node that stopped answering is at least that slow), times the calls
     * that would then be in flight. With none in flight the average fades with the time since the last reply,
     * so a node passed over after an outlier is tried again soon. A node never measured costs 0: tried first.
     */
    double cost(long nowNanos) {
        double avg = averageNanos;
        if (avg < 0) {
            return 0;
        }
        double silent = Math.max(0, nowNanos - lastSampleNanos);
        int calls = inFlight.get();
        if (calls > 0) {
            return Math.max(avg, silent) * (calls + 1);
        }
        return avg * Math.exp(-silent / DECAY_NANOS);
    }

    /** The decaying average reply time in nanoseconds, or -1 before the first reply. */
    double averageNanos() {
        return averageNanos;
    }

    /**
     * Claims the right to send a measuring call when the node has neither replied nor been probed for
     * {@code afterNanos}: true for exactly one caller per such gap.
     */
    boolean claimProbe(long nowNanos, long afterNanos) {
        if (averageNanos < 0 || nowNanos - lastSampleNanos < afterNanos) {
            return false;
        }
        long last = lastProbeNanos.get();
        return nowNanos - last >= afterNanos && lastProbeNanos.compareAndSet(last, nowNanos);
    }

    /** Forgets what was measured, for a node coming back from down: its old figures say nothing now. */
    void reset() {
        averageNanos = -1;
        warm = false;
    }
}
