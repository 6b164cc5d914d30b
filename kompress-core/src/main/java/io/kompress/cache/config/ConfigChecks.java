package io.kompress.cache.config;

import java.time.Duration;
import java.util.Objects;

/** The range checks {@link KompressConfig.Builder} applies to each setting, with messages naming it. */
final class ConfigChecks {

    private static final Duration MIN_MILLIS = Duration.ofMillis(1);
    private static final Duration MAX_MILLIS = Duration.ofMillis(Integer.MAX_VALUE);

    private ConfigChecks() {
    }

    /** {@code d}, when between 1 ms and {@link Integer#MAX_VALUE} ms. */
    static Duration millis(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(MIN_MILLIS) < 0 || d.compareTo(MAX_MILLIS) > 0) {
            throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE
                + " ms, got " + d);
        }
        return d;
    }

    /** {@code d}, when zero (off) or between 1 ms and {@link Integer#MAX_VALUE} ms. */
    static Duration zeroOrMillis(String name, Duration d) {
        Objects.requireNonNull(d, name);
        return d.isZero() ? Duration.ZERO : millis(name, d);
    }

    /** {@code n}, when within {@code [min, max]}. */
    static int range(String name, int n, int min, int max) {
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }
}
