package io.kompress.reliability;

import java.util.Arrays;

/** One load thread's record of its calls: start time, latency, outcome and kind. Not thread-safe. */
final class Samples {

    private long[] startNanos = new long[1 << 14];
    private long[] latencyNanos = new long[1 << 14];
    private byte[] outcome = new byte[1 << 14];
    private boolean[] write = new boolean[1 << 14];
    private int size;

    void add(long start, long latency, Outcome result, boolean isWrite) {
        if (size == startNanos.length) {
            int n = size * 2;
            startNanos = Arrays.copyOf(startNanos, n);
            latencyNanos = Arrays.copyOf(latencyNanos, n);
            outcome = Arrays.copyOf(outcome, n);
            write = Arrays.copyOf(write, n);
        }
        startNanos[size] = start;
        latencyNanos[size] = latency;
        outcome[size] = (byte) result.ordinal();
        write[size] = isWrite;
        size++;
    }

    int size() {
        return size;
    }

    long start(int i) {
        return startNanos[i];
    }

    long latency(int i) {
        return latencyNanos[i];
    }

    Outcome outcome(int i) {
        return Outcome.values()[outcome[i]];
    }

    boolean isWrite(int i) {
        return write[i];
    }
}
