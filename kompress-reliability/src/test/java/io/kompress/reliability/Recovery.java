package io.kompress.reliability;

import java.util.List;

/**
 * Finds when the load got back to normal after a fault: the start of the first 250 ms window from which on no
 * call fails and every window's 99th percentile latency is within {@link #SLOWDOWN} of the pre-fault p99 (with
 * a floor, so that a sub-millisecond baseline does not make ordinary jitter count as an outage).
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
        for (long w = fromNanos; w + WINDOW_NANOS <= endNanos; w += WINDOW_NANOS) {
            Phase window = Phase.of(all, w, w + WINDOW_NANOS);
            boolean normal = window.calls() > 0 && window.errors() == 0 && window.p99Micros() <= limit;
            if (!normal) {
                recoveredAt = -1;
            } else if (recoveredAt < 0) {
                recoveredAt = w;
            }
        }
        return recoveredAt < 0 ? -1 : (recoveredAt - fromNanos) / 1_000_000;
    }
}
