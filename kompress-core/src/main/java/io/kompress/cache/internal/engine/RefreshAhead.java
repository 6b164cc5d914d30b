package io.kompress.cache.internal.engine;

import io.kompress.cache.CacheModel;
import io.kompress.cache.internal.util.Log;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import io.kompress.cache.internal.time.TimeSource;

/**
 * Runs refresh-ahead reloads in the background, at most one per entry at a time, and after a failed one waits
 * {@link #RETRY_MILLIS} before the entry may be refreshed again, so that a failing database is not called at
 * the hit rate of its hottest entries. The outcome is published ({@link Events#refresh}) only after the entry's
 * state is settled, so whoever sees a failed refresh also sees its back-off in force.
 */
final class RefreshAhead {

    static final long RETRY_MILLIS = 1000;
    private static final long RETRY_NANOS = RETRY_MILLIS * 1_000_000;
    private static final long RUNNING = Long.MAX_VALUE;
    /** Above this many remembered failures, the ones past their retry time are forgotten. */
    private static final int PRUNE_ABOVE = 10_000;

    /** One entry of one model. */
    private record Entry(String key, String field, CacheModel<?> model) {
    }

    /** What a reload did. */
    enum Outcome {
        /** A fresh value was loaded and stored. */
        REFRESHED,
        /** The loader failed: the entry waits {@link #RETRY_MILLIS} before it may be refreshed again. */
        FAILED,
        /** Nothing was loaded here (another JVM held the entry's load lock). */
        SKIPPED
    }

    private final ConcurrentHashMap<Entry, Long> busyUntil = new ConcurrentHashMap<>();
    private final Executor executor;
    private final TimeSource time;
    private final Events events;

    RefreshAhead(Executor executor, TimeSource time, Events events) {
        this.executor = executor;
        this.time = time;
        this.events = events;
    }

    /**
     * Starts {@code reload} in the background unless this entry is being refreshed already or failed less
     * than {@link #RETRY_MILLIS} ago.
     */
    void trigger(String key, String field, CacheModel<?> model, Supplier<Outcome> reload) {
        Entry entry = new Entry(key, field, model);
        long now = time.nanoTime();
        Long until = busyUntil.get(entry);
        boolean claimed = until == null ? busyUntil.putIfAbsent(entry, RUNNING) == null
            : until <= now && busyUntil.replace(entry, until, RUNNING);
        if (!claimed) {
            return;
        }
        try {
            executor.execute(() -> {
                Outcome outcome = Outcome.FAILED;
                try {
                    outcome = reload.get();
                } finally {
                    settle(entry, outcome);
                }
                if (outcome != Outcome.SKIPPED) {
                    events.refresh(key, outcome == Outcome.REFRESHED);
                }
            });
        } catch (RejectedExecutionException e) {
            busyUntil.remove(entry);
            Log.LOG.debug("{} {}: refresh-ahead skipped, the executor is shut down or full", key, field);
        }
    }

    private void settle(Entry entry, Outcome outcome) {
        if (outcome != Outcome.FAILED) {
            busyUntil.remove(entry);
            return;
        }
        long at = time.nanoTime();
        busyUntil.put(entry, at + RETRY_NANOS);
        if (busyUntil.size() > PRUNE_ABOVE) {
            busyUntil.values().removeIf(t -> t <= at);
        }
    }
}
