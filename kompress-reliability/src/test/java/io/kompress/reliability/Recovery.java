package io.kompress.reliability;

import java.util.List;

/**
 * Finds when the load got back to normal after a fault: the start of the first 250 ms window from which on no
 * call fails and whose 99th percentile latency, and the next window's, are within {@link #SLOWDOWN} of the
 * pre-fault p99 (with a floor, so that a sub-millisecond baseline does not make ordinary jitter count as an
 * outage). A later latency spike on a shared 2-CPU machine does not undo the recovery; a later error does.
 */
final class Recovery {

    static final long WINDOW_NANOS = 250_000_000L;
    static final int SLOWDOWN = 3;
    static final long FLOOR_MICROS = 5_000;

    private Recovery() {
    }

    /**
     * Milliseconds from {@code fromNanos} until the load was normal again, or -1 if it never was before
     * {@code endNanos}.
     */
    static long millisAfter(List<Samples> all, long fromNanos, long endNanos, long baselineP99Micros) {
        long limit = Math.max(SLOWDOWN * baselineP99Micros, FLOOR_MICROS);
        long recoveredAt = -1;
        boolean previousFast = false;
        for (long w = fromNanos; w + WINDOW_NANOS <= endNanos; w += WINDOW_NANOS) {
            Phase window = Phase.of(all, w, w + WINDOW_NANOS);
            boolean clean = window.calls() > 0 && window.errors() == 0;
            boolean fast = window.p99Micros() <= limit;
            if (!clean) {
                recoveredAt = -1;
            } else if (recoveredAt < 0 && fast && previousFast) {
                recoveredAt = w - WINDOW_NANOS;
            }
            previousFast = clean && fast;
        }
        return recoveredAt < 0 ? -1 : (recoveredAt - fromNanos) / 1_000_000;
    }
}
