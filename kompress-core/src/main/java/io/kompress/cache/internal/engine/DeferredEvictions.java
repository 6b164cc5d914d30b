package io.kompress.cache.internal.engine;

import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.time.Scheduler;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.observability.CacheListener.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evictions that failed because the primary was down or slow, retried until it answers, so that an update whose
 * {@code HDEL} got a 503 or 504 does not leave the old entry in the cache for good.
 *
 * <p>Pending evictions are kept per hash (at most {@value #MAX_PENDING} fields in all; beyond that an eviction is
 * abandoned and logged). A retry round runs after {@code initialDelay}, doubling up to {@code maxDelay} while the
 * primary keeps failing, and deletes each hash's pending fields in one call (leaving tombstones, like any
 * eviction). {@link #close()} makes one last attempt and logs what is left, naming the keys: those entries stay
 * until they expire or are overwritten.
 */
final class DeferredEvictions implements AutoCloseable {

    static final int MAX_PENDING = 10_000;

    private final Entries entries;
    private final Events events;
    private final Scheduler scheduler;
    private final long initialNanos;
    private final long maxNanos;
    private final Map<String, Set<String>> pending = new LinkedHashMap<>();
    private int size;
    private long delayNanos;
    private boolean scheduled;
    private boolean closed;

    DeferredEvictions(Entries entries, Events events, TimeSource time, Duration initialDelay, Duration maxDelay) {
        this.entries = entries;
        this.events = events;
        this.scheduler = time.newScheduler("kompress-deferred-evictions");
        this.initialNanos = initialDelay.toNanos();
        this.maxNanos = maxDelay.toNanos();
        this.delayNanos = initialNanos;
    }

    /** Queues {@code fields} of {@code key} for deletion once the primary answers. */
    void defer(String key, String... fields) {
        List<String> abandoned = new ArrayList<>();
        int added = 0;
        synchronized (this) {
            Set<String> forKey = pending.computeIfAbsent(key, k -> new LinkedHashSet<>());
            for (String f : fields) {
                if (forKey.contains(f)) {
                    continue;
                }
                if (closed || size >= MAX_PENDING) {
                    abandoned.add(f);
                    continue;
                }
                forKey.add(f);
                size++;
                added++;
            }
            if (forKey.isEmpty()) {
                pending.remove(key);
            }
            if (!scheduled && size > 0 && !closed) {
                scheduled = true;
                scheduler.schedule(this::retry, delayNanos);
            }
        }
        for (int i = 0; i < added; i++) {
            events.event(key, Event.EVICTION_DEFERRED, 1);
        }
        if (!abandoned.isEmpty()) {
            abandon(key, abandoned, closed ? "the cache is closed" : "the retry queue is full");
        }
    }

    /** How many evictions wait for a retry. */
    synchronized int pending() {
        return size;
    }

    /** One retry round: each hash's pending fields in one delete; what fails waits for the next round. */
    private void retry() {
        boolean allDone = attempt();
        synchronized (this) {
            delayNanos = allDone ? initialNanos : Math.min(maxNanos, delayNanos * 2);
            scheduled = size > 0 && !closed;
            if (scheduled) {
                scheduler.schedule(this::retry, delayNanos);
            }
        }
    }

    /** Tries every pending eviction once; true when none is left. */
    private boolean attempt() {
        Map<String, Set<String>> now;
        synchronized (this) {
            now = new LinkedHashMap<>();
            pending.forEach((k, v) -> now.put(k, new LinkedHashSet<>(v)));
        }
        for (Map.Entry<String, Set<String>> e : now.entrySet()) {
            String key = e.getKey();
            String[] fields = e.getValue().toArray(new String[0]);
            try {
                entries.delete(key, entries.nextStamp(), fields);
            } catch (KompressCacheException failed) {
                Log.LOG.debug("Deferred eviction of {} field(s) of {} failed again: {}", fields.length, key,
                    failed.getMessage());
                return false; // the primary still fails: wait for the next round
            }
            synchronized (this) {
                Set<String> left = pending.get(key);
                if (left != null) {
                    for (String f : fields) {
                        if (left.remove(f)) {
                            size--;
                        }
                    }
                    if (left.isEmpty()) {
                        pending.remove(key);
                    }
                }
            }
            for (int i = 0; i < fields.length; i++) {
                events.event(key, Event.EVICTION_APPLIED, 1);
            }
            Log.LOG.info("Deferred eviction of {} field(s) of {} applied", fields.length, key);
        }
        synchronized (this) {
            return size == 0;
        }
    }

    private void abandon(String key, List<String> fields, String why) {
        for (int i = 0; i < fields.size(); i++) {
            events.event(key, Event.EVICTION_ABANDONED, 1);
        }
        Log.LOG.warn("Eviction of {} field(s) of {} abandoned ({}): those entries stay until they expire or are "
            + "overwritten", fields.size(), key, why);
    }

    /** One last attempt, then gives up what is left, logging each hash. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scheduler.close();
        if (pending() > 0) {
            attempt();
        }
        Map<String, Set<String>> left;
        synchronized (this) {
            left = new LinkedHashMap<>(pending);
            pending.clear();
            size = 0;
        }
        left.forEach((key, fields) -> abandon(key, new ArrayList<>(fields), "the cache closed before the primary "
            + "answered"));
    }
}
