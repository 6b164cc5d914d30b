package io.kompress.cache.internal.engine;

import io.kompress.cache.BulkLoadable;
import io.kompress.cache.CacheListener.Load;
import io.kompress.cache.CacheListener.Lookup;
import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.FailurePolicy;
import io.kompress.cache.KompressCacheException;
import io.kompress.cache.internal.near.NearCache;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.internal.util.OutageLog;
import io.kompress.cache.internal.util.Sneaky;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Batch read-through behind {@code hmgetL}: near cache first, then one {@code HMGET} of every other field (value and
 * expiry field each) from a replica, each judged as {@link ReadThrough} judges one; one call of the bulk loader with
 * the fields that were not usable; one pipelined write-back of its values to the primary, each guarded by the expiry
 * field its read saw. Redis failures follow the {@link FailurePolicy}: fail-open hands the loader every field.
 */
final class BatchReadThrough {

    private final Entries entries;
    private final ReadThrough single;
    private final Events events;
    private final TimeSource time;
    private final NearCache near;
    private final OutageLog readOutage = new OutageLog("Redis batch reads");
    private final OutageLog writeBackOutage = new OutageLog("Redis batch write-backs");

    BatchReadThrough(Entries entries, ReadThrough single, Events events, TimeSource time) {
        this.entries = entries;
        this.single = single;
        this.events = events;
        this.time = time;
        this.near = events.near();
    }

    /** What the lookups left to load: per field, the expiry text its read saw and any stale value. */
    private record Pending(String field, byte[] seen, Object stale) {
    }

    <T> Map<String, T> get(String key, Set<String> fields, BulkLoadable<? extends T> loader, CacheModel<T> model,
                           CachePolicy policy, FailurePolicy failure) {
        long now = time.clock().millis();
        Map<String, Object> found = new HashMap<>();
        List<String> toRead = new ArrayList<>(fields.size());
        NearCache.Token token = null;
        boolean useNear = near != null && policy.nearCache();
        for (String f : fields) {
            Object held = useNear ? near.get(key, f, model, now) : NearCache.MISS;
            if (held != NearCache.MISS) {
                events.lookup(key, Lookup.NEAR_HIT);
                found.put(f, held);
            } else {
                if (useNear) {
                    events.nearMiss(key);
                }
                toRead.add(f);
            }
        }
        if (useNear && !toRead.isEmpty()) {
            token = near.capture(key);
        }
        List<Pending> pending = toRead.isEmpty() ? List.of() : lookup(key, toRead, model, policy, failure, found,
            token);
        if (!pending.isEmpty()) {
            load(key, pending, loader, model, policy, found);
        }
        Map<String, T> out = new LinkedHashMap<>();
        for (String f : fields) {
            Object v = found.get(f);
            if (v != null) {
                out.put(f, cast(v));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    /** One HMGET for {@code toRead}; usable values go to {@code found}, the rest come back as pending. */
    private List<Pending> lookup(String key, List<String> toRead, CacheModel<?> model, CachePolicy policy,
                                 FailurePolicy failure, Map<String, Object> found, NearCache.Token token) {
        long now = time.clock().millis();
        List<Entries.Raw> raws;
        try {
            raws = entries.readMany(key, toRead);
            readOutage.succeeded();
        } catch (KompressCacheException e) {
            events.error(key, e);
            for (int i = 0; i < toRead.size(); i++) {
                events.lookup(key, Lookup.ERROR);
            }
            if (failure == FailurePolicy.THROW) {
                throw e;
            }
            readOutage.failed("calling bulk loaders with every field (fail-open)", e);
            List<Pending> all = new ArrayList<>(toRead.size());
            toRead.forEach(f -> all.add(new Pending(f, null, null)));
            return all;
        }
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < toRead.size(); i++) {
            String f = toRead.get(i);
            ReadThrough.Found r = single.judge(key, f, raws.get(i), model, policy, now);
            events.lookup(key, r.outcome());
            if (r.usable()) {
                found.put(f, r.value());
                if (token != null) {
                    single.keepNear(token, key, f, model, policy, r);
                }
            } else {
                pending.add(new Pending(f, r.seen(), r.stale()));
            }
        }
        return pending;
    }

    /** Calls the loader once for every pending field, then writes its values back in one round trip. */
    private <T> void load(String key, List<Pending> pending, BulkLoadable<? extends T> loader, CacheModel<T> model,
                          CachePolicy policy, Map<String, Object> found) {
        Set<String> asked = new LinkedHashSet<>();
        pending.forEach(p -> asked.add(p.field));
        long start = time.nanoTime();
        Map<String, ? extends T> loaded;
        try {
            loaded = loader.load(Collections.unmodifiableSet(asked));
        } catch (Exception e) {
            long nanos = time.nanoTime() - start;
            if (pending.stream().allMatch(p -> p.stale != null) && !(e instanceof InterruptedException)) {
                events.load(key, Load.STALE_SERVED, nanos);
                Log.LOG.warn("Bulk loader for {} failed; serving the {} expired values (stale-if-error): {}", key,
                    pending.size(), e.toString());
                pending.forEach(p -> found.put(p.field, p.stale));
                return;
            }
            events.load(key, Load.FAILED, nanos);
            throw Sneaky.rethrow(e);
        }
        events.load(key, Load.LOADED, time.nanoTime() - start);
        List<Entries.Write> writes = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            T v = loaded == null ? null : loaded.get(p.field);
            if (v != null) {
                found.put(p.field, v);
            }
            Entries.Write w = single.encode(key, p.field, model, policy, v, p.seen);
            if (w != null) {
                writes.add(w);
            }
        }
        writeBack(key, writes);
    }

    private void writeBack(String key, List<Entries.Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            int refused = entries.writeManyIfUnchanged(key, writes);
            for (int i = 0; i < refused; i++) {
                events.writeBackRefused(key);
            }
            writeBackOutage.succeeded();
        } catch (KompressCacheException e) {
            events.error(key, e);
            writeBackOutage.failed("returning loaded values without caching them", e);
        }
    }
}
