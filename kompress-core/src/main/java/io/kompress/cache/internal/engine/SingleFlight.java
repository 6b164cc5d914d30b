package io.kompress.cache.internal.engine;

import io.kompress.cache.CacheModel;
import io.kompress.cache.Loadable;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.internal.util.Sneaky;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Lets concurrent misses for the same entry share one load within this JVM: the first caller (the leader)
 * loads and stores; the others wait for its result (bounded, then load themselves) and get the same value or
 * the same exception, except when the leader was interrupted: then each follower loads itself. A follower that
 * is interrupted while waiting stops waiting, keeps its interrupt status and loads itself, so the loader
 * decides how to honour the interrupt. Keeps a hot entry's expiry or invalidation from sending a burst of
 * identical queries to the database.
 */
final class SingleFlight {

    /** One entry of one model: two models of the same field do not share a load. */
    private record Flight(String key, String field, CacheModel<?> model) {
    }

    private final ConcurrentHashMap<Flight, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();
    private final long waitNanos;
    private final boolean enabled;

    private final TimeSource time;

    SingleFlight(Duration wait, TimeSource time) {
        this.time = time;
        this.waitNanos = wait.toNanos();
        this.enabled = !wait.isZero();
    }

    /**
     * Runs {@code loadAndStore} unless another thread is already doing so for the same entry, in which case
     * that thread's result is returned.
     */
    @SuppressWarnings("unchecked")
    <T> T run(String key, String field, CacheModel<T> model, Loadable<T> loadAndStore) {
        if (!enabled) {
            return call(loadAndStore);
        }
        Flight flight = new Flight(key, field, model);
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> leader = inFlight.putIfAbsent(flight, mine);
        if (leader != null) {
            return (T) follow(leader, key, field, loadAndStore);
        }
        try {
            T value = call(loadAndStore);
            mine.complete(value);
            return value;
        } catch (Throwable t) {
            mine.completeExceptionally(t);
            throw t;
        } finally {
            inFlight.remove(flight, mine);
        }
    }

    /** The asynchronous twin of {@link #run}: followers share the leader's future. */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> runAsync(String key, String field, CacheModel<T> model,
                                      Supplier<CompletableFuture<T>> loadAndStore) {
        if (!enabled) {
            return loadAndStore.get();
        }
        Flight flight = new Flight(key, field, model);
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> leader = inFlight.putIfAbsent(flight, mine);
        if (leader != null) {
            return (CompletableFuture<T>) (CompletableFuture<?>) leader.thenApply(v -> v);
        }
        CompletableFuture<T> result;
        try {
            result = loadAndStore.get();
        } catch (Throwable t) {
            result = CompletableFuture.failedFuture(t);
        }
        result.whenComplete((v, t) -> {
            inFlight.remove(flight, mine);
            if (t != null) {
                mine.completeExceptionally(t);
            } else {
                mine.complete(v);
            }
        });
        return result;
    }

    private <T> Object follow(CompletableFuture<Object> leader, String key, String field, Loadable<T> own) {
        try {
            return time.await(leader, waitNanos);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InterruptedException) {
                // The leader's thread was interrupted, not this one: its failure says nothing about the data.
                Log.LOG.debug("{} {}: the loading caller was interrupted; loading here", key, field);
                return call(own);
            }
            throw Sneaky.rethrow(e.getCause());
        } catch (TimeoutException e) {
            Log.LOG.debug("{} {}: waited {} ms for another caller's load; loading here", key, field,
                waitNanos / 1_000_000);
            return call(own);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Log.LOG.debug("{} {}: interrupted while waiting for another caller's load; loading here", key, field);
            return call(own);
        }
    }

    private static <T> T call(Loadable<T> loadable) {
        try {
            return loadable.load();
        } catch (Exception e) {
            throw Sneaky.rethrow(e);
        }
    }
}
