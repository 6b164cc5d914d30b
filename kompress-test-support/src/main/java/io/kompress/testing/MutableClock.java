package io.kompress.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wall clock a test sets or moves, for a cache's {@code KompressConfig.Builder.clock}: entry expiry (TTL,
 * stale windows) is tested by moving this clock instead of sleeping.
 */
public final class MutableClock extends Clock {

    private final AtomicLong millis;

    /**
     * A clock reading {@code epochMillis} until moved.
     *
     * @param epochMillis the start time
     */
    public MutableClock(long epochMillis) {
        this.millis = new AtomicLong(epochMillis);
    }

    /**
     * Sets the time.
     *
     * @param epochMillis the new time
     */
    public void set(long epochMillis) {
        millis.set(epochMillis);
    }

    /**
     * Moves the time.
     *
     * @param deltaMillis how far, in milliseconds
     */
    public void advance(long deltaMillis) {
        millis.addAndGet(deltaMillis);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
