package io.kompress.cache.internal.engine;

import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.near.NearCache;
import io.kompress.cache.internal.util.Log;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Reads back, in one {@code HMGET}, the near entries an invalidation of their hash key dropped that had been hit
 * since they were kept: Redis reports changes per key, so one write to a field of a hash drops every field of it,
 * and without this each hot field would cost its own round trip (and parse) on its next lookup.
 *
 * <p>A refill is a fill like any other: it captures the near cache's counters <em>before</em> it reads, and keeps
 * only entries that judge usable for the model and policy they were kept with; an invalidation or flush that
 * arrives during or after the read wins, as for a lookup. The written field itself comes back with whatever the
 * node read holds, which is what a lookup would have read. Drops that arrive while a refill of the same key is
 * queued join it (a write is reported by the primary and by every replica), so a burst of reports costs one read.
 * A report that arrives while a refill's read is out finds nothing held to hand over; the refill, whose read no
 * longer counts, then queues its fields again (each spending a credit), so they are read after that report too.
 * Only invalidations Redis reports start one; this JVM's own writes just drop.
 */
final class NearRefill {

    /** At most this many fields are read back per hash key and refill, in one {@code HMGET}. */
    static final int MAX_FIELDS = 1000;

    private final Entries entries;
    private final ReadThrough single;
    private final Events events;
    private final Executor executor;
    private final Clock clock;
    private final ConcurrentHashMap<String, Map<String, NearCache.Held>> queued = new ConcurrentHashMap<>();

    NearRefill(Entries entries, ReadThrough single, Events events, Executor executor, Clock clock) {
        this.entries = entries;
        this.single = single;
        this.events = events;
        this.executor = executor;
        this.clock = clock;
    }

    /** An invalidation of {@code key} dropped {@code hot}: queue them for one read back. */
    void dropped(String key, List<NearCache.Held> hot) {
        if (hot.isEmpty()) {
            return;
        }
        boolean[] created = new boolean[1];
        queued.compute(key, (k, fields) -> {
            Map<String, NearCache.Held> next = fields;
            if (next == null) {
                next = new LinkedHashMap<>();
                created[0] = true;
            }
            for (NearCache.Held h : hot) {
                if (next.size() >= MAX_FIELDS) {
                    break;
                }
                next.putIfAbsent(h.field(), h);
            }
            return next;
        });
        if (created[0]) {
            try {
                executor.execute(() -> run(key));
            } catch (RejectedExecutionException e) {
                queued.remove(key); // closing: nothing to refill for
            }
        }
    }

    private void run(String key) {
        Map<String, NearCache.Held> fields = queued.remove(key); // later drops queue a new refill
        NearCache near = events.near();
        if (fields == null || near == null) {
            return;
        }
        NearCache.Token token = near.capture(key);
        if (token == null) {
            return; // some node that may serve the key does not report its changes now
        }
        List<String> names = new ArrayList<>(fields.keySet());
        boolean primary = single.writes().primaryOnly(key, names); // after the capture: see NearCache.put
        List<Entries.Raw> raws;
        try {
            raws = entries.readMany(key, names, primary);
        } catch (KompressCacheException e) {
            Log.LOG.debug("{}: near refill of {} fields not read ({}); they are read on their next lookup", key,
                names.size(), e.getMessage());
            return;
        }
        long now = clock.millis();
        int kept = 0;
        List<NearCache.Held> refused = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            NearCache.Held h = fields.get(names.get(i));
            ReadThrough.Found r = single.judge(key, h.field(), raws.get(i), h.model(), h.policy(), now);
            if (!r.usable()) {
                continue;
            }
            if (single.keepNear(token, key, h, r, primary)) {
                kept++;
            } else if (h.credit() > 0) {
                refused.add(new NearCache.Held(h.field(), h.model(), h.policy(), h.credit() - 1));
            }
        }
        // A report of the key that arrived while this read was out refused what it read, and found nothing held to
        // hand over: read those fields again after it, spending a credit each, so a burst of reports (the
        // primary's and each replica's) cannot leave the hot fields to their next lookups.
        dropped(key, refused);
        if (kept > 0) {
            events.nearRefilled(key, kept);
        }
    }
}
