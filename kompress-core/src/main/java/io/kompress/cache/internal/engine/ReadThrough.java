package io.kompress.cache.internal.engine;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.Loadable;
import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.errors.InvalidValueException;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.json.JsonModel;
import io.kompress.cache.internal.near.NearCache;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.internal.util.OutageLog;
import io.kompress.cache.internal.util.Sneaky;
import io.kompress.cache.internal.util.Utf8;
import io.kompress.cache.observability.CacheListener.Load;
import io.kompress.cache.observability.CacheListener.Lookup;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The read-through algorithm behind {@code hgetL} and {@code @HashCached}: read the entry from a replica,
 * check its expiry and validate it; on a miss, an expired or an invalid entry load once (single-flight, per JVM
 * or across JVMs) and store the result on the primary with the policy's TTL. Redis failures follow the
 * {@link FailurePolicy} and are logged once per outage; loader failures may be answered with a stale value.
 */
final class ReadThrough {

    private static final byte[] NULL_JSON = "null".getBytes(StandardCharsets.UTF_8);

    /**
     * What a lookup found: a usable value, or why not, with an expired-but-valid value for stale-if-error, and
     * the expiry field's text as read ({@code seen}), which a write-back must still find for it to land.
     */
    record Found(Lookup outcome, Object value, long expiresAt, Object stale, byte[] seen, int size) {
        static final Found FAILED = new Found(Lookup.ERROR, null, 0, null, null, 0);

        static Found not(Lookup outcome, byte[] seen) {
            return new Found(outcome, null, 0, null, seen, 0);
        }

        boolean usable() {
            return outcome == Lookup.HIT || outcome == Lookup.NULL_HIT;
        }
    }

    private final Entries entries;
    private final LoadLock locks;
    private final SingleFlight flights;
    private final RefreshAhead refresher;
    private final Events events;
    private final TimeSource time;
    private final Clock clock;
    private final OutageLog readOutage = new OutageLog("Redis reads");
    private final OutageLog writeBackOutage = new OutageLog("Redis write-backs");
    private final int maxValueBytes;
    private final OversizeLog oversize;
    private final NearCache near;
    private final LocalWrites writes;

    ReadThrough(Entries entries, LoadLock locks, SingleFlight flights, Events events, Executor executor,
                TimeSource time, int maxValueBytes) {
        this.near = events.near();
        this.writes = new LocalWrites(near, entries.stamps());
        this.entries = entries;
        this.locks = locks;
        this.flights = flights;
        this.events = events;
        this.time = time;
        this.clock = time.clock();
        this.refresher = new RefreshAhead(executor, time, events);
        this.maxValueBytes = maxValueBytes;
        this.oversize = new OversizeLog(maxValueBytes);
    }

    <T> T get(String key, String field, Loadable<? extends T> loader, CacheModel<T> model, CachePolicy policy,
              FailurePolicy failure) {
        NearCache.Token token = null;
        if (near != null && policy.nearCache()) {
            Object held = nearHit(key, field, model);
            if (held != NearCache.MISS) {
                return cast(held);
            }
            events.nearMiss(key);
            token = near.capture(key);
        }
        long now = clock.millis();
        boolean primary = writes.primaryOnly(key, field); // after the capture: see NearCache.put
        Found found = lookup(key, field, model, policy, failure, now, primary);
        if (found.usable()) {
            if (token != null) {
                keepNear(token, key, new NearCache.Held(field, model, policy), found, primary);
            }
            if (refreshDue(found, policy, now)) {
                refresher.trigger(key, field, model, () -> refresh(key, field, loader, model, policy, found.seen));
            }
            return cast(found.value);
        }
        Object stale = found.stale;
        byte[] seen = found.seen;
        return flights.run(key, field, model, PolicyMillis.lockLease(policy) > 0
            ? () -> loadAcrossJvms(key, field, loader, model, policy, found)
            : () -> load(key, field, loader, model, policy, stale, seen));
    }

    /** {@link #get} without a loader (so no refresh-ahead, no stale value): the usable value or the MISS. */
    Object peek(String key, String field, CacheModel<?> model, CachePolicy policy, FailurePolicy failure) {
        NearCache.Token token = null;
        if (near != null && policy.nearCache()) {
            Object held = nearHit(key, field, model);
            if (held != NearCache.MISS) {
                return held;
            }
            events.nearMiss(key);
            token = near.capture(key);
        }
        long now = clock.millis();
        boolean primary = writes.primaryOnly(key, field);
        Found found = lookup(key, field, model, policy, failure, now, primary);
        if (!found.usable()) {
            return NearCache.MISS;
        }
        if (token != null) {
            keepNear(token, key, new NearCache.Held(field, model, policy), found, primary);
        }
        return found.value;
    }

    /** Writes under the policy whatever the entry held (no lookup to compare with) and keeps it near once it landed. */
    <T> void put(String key, String field, T value, CacheModel<T> model, CachePolicy policy, FailurePolicy failure) {
        Entries.Write w = encode(key, field, model, policy, value, null);
        if (w == null) {
            return;
        }
        List<String> fields = List.of(field);
        String stamp = writes.start(key, fields);
        try {
            NearCache.Token token = near != null && policy.nearCache() ? near.capture(key) : null;
            entries.write(key, field, w.value(), w.expiresAt(), w.keepMillis(), w.staleMillis(), stamp);
            if (token != null) {
                keepOwn(token, key, new NearCache.Held(field, model, policy), value, w, stamp);
            }
            writeBackOutage.succeeded();
        } catch (KompressCacheException e) {
            events.error(key, e);
            if (failure == FailurePolicy.THROW) {
                throw e;
            }
            writeBackOutage.failed("not caching put values", e);
        } finally {
            writes.finish(key, fields, stamp, true);
        }
    }

    <T> CompletableFuture<T> getAsync(String key, String field,
                                      Loadable<? extends CompletionStage<? extends T>> loader,
                                      CacheModel<T> model, CachePolicy policy, FailurePolicy failure,
                                      Executor executor) {
        NearCache.Token token;
        if (near != null && policy.nearCache()) {
            Object held = nearHit(key, field, model);
            if (held != NearCache.MISS) {
                return CompletableFuture.completedFuture(ReadThrough.<T>cast(held));
            }
            events.nearMiss(key);
            token = near.capture(key);
        } else {
            token = null;
        }
        // thenComposeAsync: when the lookup finishes before this line runs, thenCompose would start the
        // loader on the caller's thread.
        boolean primary = writes.primaryOnly(key, field);
        return CompletableFuture.supplyAsync(() -> lookup(key, field, model, policy, failure, clock.millis(),
                primary), executor)
            .thenComposeAsync(found -> {
                if (found.usable()) {
                    if (token != null) {
                        keepNear(token, key, new NearCache.Held(field, model, policy), found, primary);
                    }
                    if (refreshDue(found, policy, clock.millis())) {
                        refresher.trigger(key, field, model, () -> refresh(key, field,
                            () -> startLoad(loader).join(), model, policy, found.seen));
                    }
                    return CompletableFuture.completedFuture(ReadThrough.<T>cast(found.value));
                }
                Object stale = found.stale;
                return flights.runAsync(key, field, model, () -> {
                    long start = time.nanoTime();
                    return startLoad(loader).handleAsync((v, t) -> {
                        if (t != null) {
                            Throwable cause = t instanceof CompletionException && t.getCause() != null
                                ? t.getCause() : t;
                            return this.<T>loadFailed(key, field, cause, stale, time.nanoTime() - start);
                        }
                        return loaded(key, field, model, policy, v, time.nanoTime() - start, found.seen);
                    }, executor);
                });
            }, executor);
    }

    /** A near hit, counted as one; or {@link NearCache#MISS}, not counted (the lookup that follows counts it). */
    private Object nearHit(String key, String field, CacheModel<?> model) {
        return counted(key, near.get(key, field, model));
    }

    private Object counted(String key, Object held) {
        if (held != NearCache.MISS) {
            events.lookup(key, Lookup.NEAR_HIT);
        }
        return held;
    }

    /**
     * What a lookup of a near-cached field would answer from memory alone: the held value, counted as a near
     * hit, or {@link NearCache#MISS} (nothing counted) when the caller must make the full lookup.
     */
    Object nearHit(String key, String field, CacheModel<?> model, CachePolicy policy) {
        return near == null || !policy.nearCache() ? NearCache.MISS : nearHit(key, field, model);
    }

    /** {@link #nearHit(String, String, CacheModel, CachePolicy)} for the field {@code Long.toString(field)}. */
    Object nearHit(String key, long field, CacheModel<?> model, CachePolicy policy) {
        return near == null || !policy.nearCache() ? NearCache.MISS
            : counted(key, near.get(key, field, model));
    }

    /**
     * Keeps a value found in Redis in the near cache until its expiry, or until refresh-ahead would start, so
     * that a near hit never hides an expiry or a due refresh.
     *
     * @param fromPrimary whether it was read from the primary (see {@link NearCache#put})
     * @return false when an invalidation or flush since the token was captured kept it out
     */
    boolean keepNear(NearCache.Token token, String key, NearCache.Held held, Found found, boolean fromPrimary) {
        return near.put(token, key, held, found.value, nearUntil(found.expiresAt, held.policy()), found.size,
            fromPrimary);
    }

    /** Until when a value expiring at {@code expiresAt} may be served from the near cache. */
    private static long nearUntil(long expiresAt, CachePolicy policy) {
        long until = expiresAt <= 0 ? Long.MAX_VALUE : expiresAt;
        if (until != Long.MAX_VALUE && policy.refreshAhead() > 0) {
            until -= (long) (policy.refreshAhead() * PolicyMillis.ttl(policy));
        }
        return until;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    private static <T> CompletableFuture<T> startLoad(Loadable<? extends CompletionStage<? extends T>> loader) {
        CompletionStage<? extends T> stage;
        try {
            stage = loader.load();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            return CompletableFuture.completedFuture(null);
        }
        return stage.<T>thenApply(v -> v).toCompletableFuture();
    }

    // ---- lookup ----

    /** Reads and judges the entry; reports the outcome; applies the failure policy to Redis errors. */
    private Found lookup(String key, String field, CacheModel<?> model, CachePolicy policy, FailurePolicy failure,
                         long now, boolean primaryOnly) {
        Found found;
        try {
            Entries.Raw raw = entries.read(key, field, primaryOnly);
            readOutage.succeeded();
            found = judge(key, field, raw, model, policy, now);
        } catch (KompressCacheException e) {
            events.error(key, e);
            events.lookup(key, Lookup.ERROR);
            if (failure == FailurePolicy.THROW) {
                throw e;
            }
            readOutage.failed("calling loaders (fail-open)", e);
            return Found.FAILED;
        }
        events.lookup(key, found.outcome);
        return found;
    }

    /** The entry as the primary has it now, for callers waiting on another JVM's load; null on a Redis error. */
    private Found lookupOnPrimary(String key, String field, CacheModel<?> model, CachePolicy policy) {
        try {
            return judge(key, field, entries.read(key, field, true), model, policy, clock.millis());
        } catch (KompressCacheException e) {
            Log.LOG.debug("{} {}: could not check the primary for another caller's value ({})", key, field,
                e.getMessage());
            return null;
        }
    }

    Found judge(String key, String field, Entries.Raw raw, CacheModel<?> model, CachePolicy policy,
                        long now) {
        byte[] bytes = raw.value();
        byte[] seen = raw.expiry();
        if (bytes == null) {
            Log.LOG.debug("{} {}: miss", key, field);
            return Found.not(Lookup.MISS, seen);
        }
        if (bytes.length > maxValueBytes) {
            oversize.cached(key, bytes.length);
            return Found.not(Lookup.INVALID, seen);
        }
        long expiresAt = raw.expiresAt();
        boolean expired = expiresAt == Entries.Raw.UNREADABLE || (expiresAt != Entries.Raw.NEVER && now >= expiresAt);
        long staleMs = PolicyMillis.staleIfError(policy);
        boolean staleUsable = expired && staleMs > 0 && expiresAt > 0 && now < expiresAt + staleMs;
        if (expired && !staleUsable) {
            Log.LOG.debug("{} {}: expired", key, field);
            return Found.not(Lookup.EXPIRED, seen);
        }
        String json = Utf8.decodeOrNull(bytes);
        if (json == null) {
            Log.LOG.debug("{} {}: invalid entry (not UTF-8), reloading", key, field);
            return Found.not(Lookup.INVALID, seen);
        }
        if (model != JsonModel.RAW && "null".equals(json)) {
            if (!expired && PolicyMillis.nullTtl(policy) > 0) {
                Log.LOG.debug("{} {}: cached null", key, field);
                return new Found(Lookup.NULL_HIT, null, expiresAt, null, seen, bytes.length);
            }
            return Found.not(expired ? Lookup.EXPIRED : Lookup.INVALID, seen);
        }
        try {
            Object value = model.fromJson(json);
            if (expired) {
                Log.LOG.debug("{} {}: expired, kept for stale-if-error", key, field);
                return new Found(Lookup.EXPIRED, null, expiresAt, value, seen, bytes.length);
            }
            Log.LOG.debug("{} {}: hit", key, field);
            return new Found(Lookup.HIT, value, expiresAt, null, seen, bytes.length);
        } catch (InvalidValueException e) {
            Log.LOG.debug("{} {}: invalid entry, reloading ({})", key, field, e.getMessage());
            return Found.not(expired ? Lookup.EXPIRED : Lookup.INVALID, seen);
        }
    }

    private static boolean refreshDue(Found found, CachePolicy policy, long now) {
        return policy.refreshAhead() > 0 && found.outcome == Lookup.HIT && found.expiresAt > 0
            && found.expiresAt - now < policy.refreshAhead() * PolicyMillis.ttl(policy);
    }

    // ---- load ----

    /** Runs the loader and stores its result; on failure serves {@code stale} when there is one. */
    private <T> T load(String key, String field, Loadable<? extends T> loader, CacheModel<T> model,
                       CachePolicy policy, Object stale, byte[] seen) {
        long start = time.nanoTime();
        T value;
        try {
            value = loader.load();
        } catch (Exception e) {
            return loadFailed(key, field, e, stale, time.nanoTime() - start);
        }
        return loaded(key, field, model, policy, value, time.nanoTime() - start, seen);
    }

    private <T> T loadFailed(String key, String field, Throwable e, Object stale, long nanos) {
        if (stale != null && !(e instanceof InterruptedException)) {
            events.load(key, Load.STALE_SERVED, nanos);
            Log.LOG.warn("Loader for {} {} failed; serving the expired value (stale-if-error): {}", key, field,
                e.toString());
            return cast(stale);
        }
        events.load(key, Load.FAILED, nanos);
        throw Sneaky.rethrow(e);
    }

    private <T> T loaded(String key, String field, CacheModel<T> model, CachePolicy policy, T value, long nanos,
                         byte[] seen) {
        events.load(key, value == null ? Load.NULL : Load.LOADED, nanos);
        return store(key, field, model, policy, value, seen);
    }

    /**
     * Distributed single-flight: the caller that takes the entry's Redis lock loads; the others poll the primary
     * for its value, take the lock if it is freed without one, and load themselves once the wait is over.
     */
    private <T> T loadAcrossJvms(String key, String field, Loadable<? extends T> loader, CacheModel<T> model,
                                 CachePolicy policy, Found prior) {
        Object stale = prior.stale;
        byte[] seen = prior.seen;
        LockTry lock = tryLock(key, field, policy);
        if (lock == LockTry.FAILED) {
            return load(key, field, loader, model, policy, stale, seen);
        }
        if (lock.token != null) {
            return loadHolding(key, field, loader, model, policy, prior, lock.token);
        }
        long deadline = time.nanoTime() + PolicyMillis.lockWait(policy) * 1_000_000;
        long pauseMs = 5;
        while (true) {
            long leftMs = (deadline - time.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                break;
            }
            try {
                time.sleep(Math.min(pauseMs, leftMs) * 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pauseMs = Math.min(pauseMs * 2, 50);
            Found found = lookupOnPrimary(key, field, model, policy);
            if (found != null && found.usable()) {
                return cast(found.value);
            }
            lock = tryLock(key, field, policy);
            if (lock == LockTry.FAILED) {
                break;
            }
            if (lock.token != null) {
                return loadHolding(key, field, loader, model, policy, prior, lock.token);
            }
        }
        Log.LOG.debug("{} {}: no value from the lock holder within {} ms; loading here", key, field,
            PolicyMillis.lockWait(policy));
        return load(key, field, loader, model, policy, stale, seen);
    }

    /** Loads holding the entry's lock; {@code prior} is what this caller's lookup found (stale value, seen). */
    private <T> T loadHolding(String key, String field, Loadable<? extends T> loader, CacheModel<T> model,
                              CachePolicy policy, Found prior, String token) {
        Object stale = prior.stale;
        byte[] seen = prior.seen;
        try {
            Found found = lookupOnPrimary(key, field, model, policy); // the previous holder may have just stored it
            if (found != null && found.usable()) {
                return cast(found.value);
            }
            return load(key, field, loader, model, policy, stale, found != null ? found.seen : seen);
        } finally {
            unlock(key, field, token);
        }
    }

    /** The outcome of one attempt at the entry's lock. */
    private record LockTry(String token) {
        static final LockTry BUSY = new LockTry(null);
        static final LockTry FAILED = new LockTry(null);
    }

    private LockTry tryLock(String key, String field, CachePolicy policy) {
        try {
            String token = locks.tryAcquire(key, field, PolicyMillis.lockLease(policy));
            return token == null ? LockTry.BUSY : new LockTry(token);
        } catch (KompressCacheException e) {
            events.error(key, e);
            Log.LOG.debug("{} {}: load lock unavailable ({}); loading without it", key, field, e.getMessage());
            return LockTry.FAILED;
        }
    }

    private void unlock(String key, String field, String token) {
        try {
            locks.release(key, field, token);
        } catch (KompressCacheException e) {
            events.error(key, e);
            Log.LOG.debug("{} {}: could not release the load lock ({}); it expires with its lease", key, field,
                e.getMessage());
        }
    }

    /** A refresh-ahead reload, run in the background by {@link RefreshAhead}, which publishes its outcome. */
    private <T> RefreshAhead.Outcome refresh(String key, String field, Loadable<? extends T> loader,
                                             CacheModel<T> model, CachePolicy policy, byte[] seen) {
        String token = null;
        if (PolicyMillis.lockLease(policy) > 0) {
            LockTry lock = tryLock(key, field, policy);
            if (lock == LockTry.BUSY) {
                return RefreshAhead.Outcome.SKIPPED; // another JVM is loading this entry right now
            }
            token = lock.token;
        }
        long start = time.nanoTime();
        try {
            T value = loader.load();
            loaded(key, field, model, policy, value, time.nanoTime() - start, seen);
            return RefreshAhead.Outcome.REFRESHED;
        } catch (Exception e) {
            events.load(key, Load.FAILED, time.nanoTime() - start);
            Log.LOG.warn("Refresh-ahead of {} {} failed; the current value stays until it expires: {}", key, field,
                e.toString());
            return RefreshAhead.Outcome.FAILED;
        } finally {
            if (token != null) {
                unlock(key, field, token);
            }
        }
    }

    // ---- store ----

    /**
     * Validates a loaded value and writes it to the primary with the policy's expiry; returns it whatever happens
     * to the write. A value whose JSON is larger than the maximum is returned but not written; {@code null} is
     * written only when the policy caches nulls.
     */
    private <T> T store(String key, String field, CacheModel<T> model, CachePolicy policy, T value, byte[] seen) {
        Entries.Write w = encode(key, field, model, policy, value, seen);
        if (w != null) {
            writeBack(key, new NearCache.Held(field, model, policy), value, w);
        }
        return value;
    }

    /**
     * The write-back of a loaded value under the policy (TTL with jitter, null caching), or null when it is not
     * to be cached: {@code null} without null caching, invalid for the model (WARN), or larger than the maximum.
     */
    <T> Entries.Write encode(String key, String field, CacheModel<T> model, CachePolicy policy, T value,
                             byte[] seen) {
        long now = clock.millis();
        if (value == null) {
            return PolicyMillis.nullTtl(policy) <= 0 ? null
                : new Entries.Write(field, NULL_JSON, now + PolicyMillis.nullTtl(policy),
                    PolicyMillis.nullTtl(policy), 0, seen);
        }
        byte[] json;
        try {
            model.validate(value);
            json = model.toJson(value).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidValueException e) {
            Log.LOG.warn("Loaded value for {} {} is not a valid {}; returning it without caching: {}",
                key, field, model.type().getTypeName(), e.getMessage());
            return null;
        }
        if (json.length > maxValueBytes) {
            oversize.loaded(key, json.length);
            return null;
        }
        if (PolicyMillis.ttl(policy) <= 0) {
            return new Entries.Write(field, json, Entries.Raw.NEVER, 0, 0, seen);
        }
        long ttl = PolicyMillis.ttl(policy);
        if (policy.jitter() > 0) {
            ttl -= (long) (ttl * policy.jitter() * ThreadLocalRandom.current().nextDouble());
        }
        return new Entries.Write(field, json, now + Math.max(1, ttl), Math.max(1,
            ttl) + PolicyMillis.staleIfError(policy),
            PolicyMillis.staleIfError(policy), seen);
    }

    /**
     * Writes a loaded value back unless the entry was evicted or rewritten since the lookup ({@code w.seen()}), and
     * keeps it in this JVM's near cache once it landed (when the policy near-caches it).
     */
    private void writeBack(String key, NearCache.Held held, Object value, Entries.Write w) {
        String field = held.field();
        List<String> fields = List.of(field);
        String stamp = writes.start(key, fields);
        boolean stored = false;
        try {
            NearCache.Token token = near != null && held.policy().nearCache() ? near.capture(key) : null;
            stored = entries.writeIfUnchanged(key, w, stamp);
            if (!stored) {
                events.writeBackRefused(key);
                Log.LOG.debug("{} {}: evicted or rewritten while loading; the loaded value is returned, not stored",
                    key, field);
            } else if (token != null) {
                keepOwn(token, key, held, value, w, stamp);
            }
            writeBackOutage.succeeded();
        } catch (KompressCacheException e) {
            stored = true; // unknown: it may have landed, and be reported
            events.error(key, e);
            writeBackOutage.failed("returning loaded values without caching them", e);
        } finally {
            writes.finish(key, fields, stamp, stored);
        }
    }

    /** This instance's writes, as the near cache must know them. */
    LocalWrites writes() {
        return writes;
    }

    /** Keeps a value this JVM wrote back (see {@link NearCache#putOwn}). */
    void keepOwn(NearCache.Token token, String key, NearCache.Held held, Object value, Entries.Write w,
                 String stamp) {
        near.putOwn(token, key, held, value, nearUntil(w.expiresAt(), held.policy()),
            w.value().length, stamp);
    }
}
