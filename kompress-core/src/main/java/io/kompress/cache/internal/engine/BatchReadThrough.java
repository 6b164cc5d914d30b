package io.kompress.cache.internal.engine;

import io.kompress.cache.BulkLoadable;
import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.near.NearCache;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.internal.util.OutageLog;
import io.kompress.cache.internal.util.Sneaky;
import io.kompress.cache.observability.CacheListener.Load;
import io.kompress.cache.observability.CacheListener.Lookup;
import java.util.ArrayList;
import java.util.Collection;
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
 * Loads take part in {@link SingleFlight}: a field another call (single or batch) is already loading in this JVM
 * is waited for, not loaded again.
 */
final class BatchReadThrough {

    private final Entries entries;
    private final LocalWrites localWrites;
    private final ReadThrough single;
    private final SingleFlight flights;
    private final Events events;
    private final TimeSource time;
    private final NearCache near;
    private final OutageLog readOutage = new OutageLog("Redis batch reads");
    private final OutageLog writeBackOutage = new OutageLog("Redis batch write-backs");

    BatchReadThrough(Entries entries, ReadThrough single, SingleFlight flights, Events events, TimeSource time) {
        this.localWrites = single.writes();
        this.entries = entries;
        this.single = single;
        this.flights = flights;
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
            Object held = useNear ? near.get(key, f, model) : NearCache.MISS;
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
        boolean primary = localWrites.primaryOnly(key, toRead); // after the capture: see NearCache.put
        List<Entries.Raw> raws;
        try {
            raws = entries.readMany(key, toRead, primary);
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
                    single.keepNear(token, key, new NearCache.Held(f, model, policy), r, primary);
                }
            } else {
                pending.add(new Pending(f, r.seen(), r.stale()));
            }
        }
        return pending;
    }

    /**
     * Loads every pending field: the fields no other caller is loading in one loader call (sharing its result
     * with callers that wait for them), then waits for the fields others are loading; a field whose leader gave
     * up is loaded here in a second call. Written back in one round trip per loader call.
     */
    private <T> void load(String key, List<Pending> pending, BulkLoadable<? extends T> loader, CacheModel<T> model,
                          CachePolicy policy, Map<String, Object> found) {
        Map<String, Pending> byField = new LinkedHashMap<>();
        pending.forEach(p -> byField.put(p.field, p));
        SingleFlight.Claim claim = flights.claim(key, byField.keySet(), model);
        Failures failures = new Failures();
        if (!claim.led().isEmpty()) {
            Map<String, ? extends T> loaded;
            try {
                loaded = loadOnce(key, claim.led(), loader, failures);
            } catch (Error e) { // not a load failure to judge, but the waiting callers must not wait for nothing
                claim.fail(e);
                throw e;
            }
            if (loaded == null) {
                claim.fail(failures.first);
                failures.throwUnlessStale(key, byField);
            } else {
                claim.complete(loaded);
                keep(key, claim.led(), byField, loaded, model, policy, found);
            }
        }
        Set<String> here = new LinkedHashSet<>();
        claim.await().forEach((field, shared) -> {
            if (shared.loadHere()) {
                here.add(field);
            } else if (shared.failure() != null) {
                failures.add(shared.failure(), 0, List.of(field));
            } else if (shared.value() != null) {
                found.put(field, shared.value());
            }
        });
        if (!here.isEmpty()) {
            Map<String, ? extends T> loaded = loadOnce(key, here, loader, failures);
            if (loaded != null) {
                keep(key, here, byField, loaded, model, policy, found);
            }
        }
        if (failures.any()) {
            failures.serveStale(key, byField, found);
        }
    }

    /** One call of the loader with {@code fields}; its failure goes to {@code failures} and null comes back. */
    private <T> Map<String, ? extends T> loadOnce(String key, Collection<String> fields,
                                                  BulkLoadable<? extends T> loader, Failures failures) {
        long start = time.nanoTime();
        try {
            Map<String, ? extends T> loaded = loader.load(Collections.unmodifiableSet(new LinkedHashSet<>(fields)));
            events.load(key, Load.LOADED, time.nanoTime() - start);
            return loaded == null ? Map.of() : loaded;
        } catch (Exception e) {
            failures.add(e, time.nanoTime() - start, fields);
            return null;
        }
    }

    /** Puts the loaded values of {@code fields} into {@code found} and writes them back in one round trip. */
    private <T> void keep(String key, Collection<String> fields, Map<String, Pending> byField,
                          Map<String, ? extends T> loaded, CacheModel<T> model, CachePolicy policy,
                          Map<String, Object> found) {
        List<Entries.Write> writes = new ArrayList<>(fields.size());
        List<Object> values = new ArrayList<>(fields.size());
        for (String f : fields) {
            T v = loaded.get(f);
            if (v != null) {
                found.put(f, v);
            }
            Entries.Write w = single.encode(key, f, model, policy, v, byField.get(f).seen);
            if (w != null) {
                writes.add(w);
                values.add(v);
            }
        }
        writeBack(key, writes, values, model, policy);
    }

    /**
     * The loads that failed in one batch. Stale-if-error applies when every failed field has an expired value
     * in its window; otherwise the first failure propagates. An interrupted loader never serves stale values.
     */
    private final class Failures {
        private final Set<String> fields = new LinkedHashSet<>();
        private Throwable first;
        private long nanos;
        private boolean interrupted;

        void add(Throwable failure, long took, Collection<String> failed) {
            if (first == null) {
                first = failure;
            }
            interrupted |= failure instanceof InterruptedException;
            nanos += took;
            fields.addAll(failed);
        }

        boolean any() {
            return !fields.isEmpty();
        }

        /** Throws the first failure unless every failed field has a stale value to serve instead. */
        void throwUnlessStale(String key, Map<String, Pending> byField) {
            if (interrupted || !fields.stream().allMatch(f -> byField.get(f).stale != null)) {
                events.load(key, Load.FAILED, nanos);
                throw Sneaky.rethrow(first);
            }
        }

        /** Serves each failed field's expired value, or throws as {@link #throwUnlessStale} does. */
        void serveStale(String key, Map<String, Pending> byField, Map<String, Object> found) {
            throwUnlessStale(key, byField);
            events.load(key, Load.STALE_SERVED, nanos);
            Log.LOG.warn("Bulk loader for {} failed; serving the {} expired values (stale-if-error): {}", key,
                fields.size(), first.toString());
            fields.forEach(f -> found.put(f, byField.get(f).stale));
        }
    }

    /** Writes loaded values back in one round trip, keeping each that landed near when the policy asks. */
    private void writeBack(String key, List<Entries.Write> writes, List<Object> values, CacheModel<?> model,
                           CachePolicy policy) {
        if (writes.isEmpty()) {
            return;
        }
        List<String> fields = writes.stream().map(Entries.Write::field).toList();
        String stamp = localWrites.start(key, fields);
        boolean[] stored = null;
        try {
            NearCache.Token token = near != null && policy.nearCache() ? near.capture(key) : null;
            stored = entries.writeManyIfUnchanged(key, writes, stamp);
            for (int i = 0; i < stored.length; i++) {
                if (!stored[i]) {
                    events.writeBackRefused(key);
                } else if (token != null) {
                    single.keepOwn(token, key, new NearCache.Held(fields.get(i), model, policy), values.get(i),
                        writes.get(i), stamp);
                }
            }
            writeBackOutage.succeeded();
        } catch (KompressCacheException e) {
            events.error(key, e);
            writeBackOutage.failed("returning loaded values without caching them", e);
        } finally {
            for (int i = 0; i < fields.size(); i++) {
                List<String> one = List.of(fields.get(i));
                localWrites.finish(key, one, stamp, stored == null || stored[i]);
            }
        }
    }
}
