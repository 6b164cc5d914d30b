package io.kompress.cache;

import io.kompress.cache.internal.Log;
import io.kompress.cache.internal.OutageLog;
import io.kompress.cache.internal.Topology;
import io.kompress.cache.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The read-through algorithm behind {@code hgetL} and {@code @HashCached}: read from a replica, validate,
 * and on a miss or invalid entry load once (single-flight) and store the result on the primary. Redis
 * failures follow the {@link FailurePolicy}; they are logged once per outage.
 */
final class ReadThrough {

    /** Marks "no usable cached value" in the asynchronous path, where null is a legitimate loaded value. */
    private static final Object MISS = new Object();

    private final Topology topology;
    private final SingleFlight flights;
    private final OutageLog readOutage = new OutageLog("Redis reads");
    private final OutageLog writeBackOutage = new OutageLog("Redis write-backs");
    private final int maxValueBytes;
    private final OversizeLog oversize;

    ReadThrough(Topology topology, SingleFlight flights, int maxValueBytes) {
        this.topology = topology;
        this.flights = flights;
        this.maxValueBytes = maxValueBytes;
        this.oversize = new OversizeLog(maxValueBytes);
    }

    <T> T get(String key, String field, Loadable<? extends T> loader, CacheModel<T> model, FailurePolicy policy) {
        Object cached = lookup(key, field, model, policy);
        if (cached != MISS) {
            @SuppressWarnings("unchecked")
            T value = (T) cached;
            return value;
        }
        return flights.run(key, field, model, () -> store(key, field, model, loader.load()));
    }

    <T> CompletableFuture<T> getAsync(String key, String field,
                                      Loadable<? extends CompletionStage<? extends T>> loader,
                                      CacheModel<T> model, FailurePolicy policy, Executor executor) {
        // thenComposeAsync: when the lookup finishes before this line runs, thenCompose would start the
        // loader on the caller's thread.
        return CompletableFuture.supplyAsync(() -> lookup(key, field, model, policy), executor)
            .thenComposeAsync(cached -> {
                if (cached != MISS) {
                    @SuppressWarnings("unchecked")
                    T value = (T) cached;
                    return CompletableFuture.completedFuture(value);
                }
                return flights.runAsync(key, field, model, () -> startLoad(loader)
                    .thenApplyAsync(loaded -> store(key, field, model, loaded), executor));
            }, executor);
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

    /** The valid cached value, or {@link #MISS}; applies the failure policy to Redis errors. */
    private Object lookup(String key, String field, CacheModel<?> model, FailurePolicy policy) {
        byte[] cached;
        try {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            byte[] f = field.getBytes(StandardCharsets.UTF_8);
            cached = topology.read("HGET", key, r -> r.hget(k, f));
            readOutage.succeeded();
        } catch (KompressCacheException e) {
            if (policy == FailurePolicy.THROW) {
                throw e;
            }
            readOutage.failed("calling loaders (fail-open)", e);
            return MISS;
        }
        if (cached == null) {
            Log.LOG.debug("{} {}: miss", key, field);
            return MISS;
        }
        if (cached.length > maxValueBytes) {
            oversize.cached(key, cached.length);
            return MISS;
        }
        String json = Utf8.decodeOrNull(cached);
        if (json == null) {
            Log.LOG.debug("{} {}: invalid entry (not UTF-8), reloading", key, field);
            return MISS;
        }
        try {
            Object value = model.fromJson(json);
            Log.LOG.debug("{} {}: hit", key, field);
            return value;
        } catch (InvalidValueException e) {
            Log.LOG.debug("{} {}: invalid entry, reloading ({})", key, field, e.getMessage());
            return MISS;
        }
    }

    /**
     * Validates a loaded value and writes it to the primary; returns it whatever happens to the write. A value
     * whose JSON is larger than the maximum is returned but not written.
     */
    private <T> T store(String key, String field, CacheModel<T> model, T value) {
        if (value == null) {
            return null;
        }
        byte[] json;
        try {
            model.validate(value);
            json = model.toJson(value).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidValueException e) {
            Log.LOG.warn("Loaded value for {} {} is not a valid {}; returning it without caching: {}",
                key, field, model.type().getTypeName(), e.getMessage());
            return value;
        }
        if (json.length > maxValueBytes) {
            oversize.loaded(key, json.length);
            return value;
        }
        try {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            byte[] f = field.getBytes(StandardCharsets.UTF_8);
            topology.write("HSET", key, true, r -> r.hset(k, f, json));
            writeBackOutage.succeeded();
        } catch (KompressCacheException e) {
            writeBackOutage.failed("returning loaded values without caching them", e);
        }
        return value;
    }
}
