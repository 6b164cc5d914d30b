package io.kompress.cache.internal.engine;

import io.kompress.cache.CacheModel;
import io.kompress.cache.Loadable;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.internal.util.Sneaky;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
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
 *
 * <p>Batches take part field by field ({@link #claim}): a batch leads the fields nobody is loading and follows the
 * others, whether a single-id call or another batch leads them. A batch completes the fields it leads before it
 * waits for any it follows, so two batches that share fields cannot wait for each other.
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

    /**
     * Claims the loads of {@code fields} for one batch: the returned claim leads every field no other caller is
     * loading (its caller must {@link Claim#complete} or {@link Claim#fail} them) and follows the rest.
     */
    Claim claim(String key, Collection<String> fields, CacheModel<?> model) {
        Claim claim = new Claim(key, model);
        for (String field : fields) {
            if (!enabled) {
                claim.led.put(field, null);
                continue;
            }
            CompletableFuture<Object> mine = new CompletableFuture<>();
            CompletableFuture<Object> leader = inFlight.putIfAbsent(new Flight(key, field, model), mine);
            if (leader == null) {
                claim.led.put(field, mine);
            } else {
                claim.followed.put(field, leader);
            }
        }
        return claim;
    }

    /** What a follower learnt about one field: the leader's value, its failure, or nothing (load it yourself). */
    record Outcome(Object value, Throwable failure, boolean loadHere) {
        static final Outcome LOAD_HERE = new Outcome(null, null, true);
    }

    /** One batch's share of the in-flight loads: the fields it leads and those it waits for. */
    final class Claim {
        private final String key;
        private final CacheModel<?> model;
        private final Map<String, CompletableFuture<Object>> led = new LinkedHashMap<>();
        private final Map<String, CompletableFuture<Object>> followed = new LinkedHashMap<>();

        private Claim(String key, CacheModel<?> model) {
            this.key = key;
            this.model = model;
        }

        /** The fields this batch loads, in the order claimed. */
        Collection<String> led() {
            return led.keySet();
        }

        /** Hands each led field's value (null when absent from {@code values}, not null) to its followers. */
        void complete(Map<String, ?> values) {
            led.forEach((field, mine) -> {
                if (mine != null) {
                    inFlight.remove(new Flight(key, field, model), mine);
                    mine.complete(values.get(field));
                }
            });
        }

        /** Hands the led fields' failure to their followers. */
        void fail(Throwable failure) {
            led.forEach((field, mine) -> {
                if (mine != null) {
                    inFlight.remove(new Flight(key, field, model), mine);
                    mine.completeExceptionally(failure);
                }
            });
        }

        /**
         * Waits for the followed fields, all within one single-flight wait. A field whose leader was interrupted,
         * or that did not finish in time, or any field when this thread is interrupted, is to be loaded here.
         */
        Map<String, Outcome> await() {
            Map<String, Outcome> out = new LinkedHashMap<>();
            long deadline = time.nanoTime() + waitNanos;
            boolean interrupted = false;
            for (Map.Entry<String, CompletableFuture<Object>> e : followed.entrySet()) {
                if (interrupted) {
                    out.put(e.getKey(), Outcome.LOAD_HERE);
                    continue;
                }
                try {
                    out.put(e.getKey(), new Outcome(time.await(e.getValue(),
                        Math.max(0, deadline - time.nanoTime())), null, false));
                } catch (ExecutionException x) {
                    // A leader that was interrupted says nothing about the data: load it here.
                    out.put(e.getKey(), x.getCause() instanceof InterruptedException ? Outcome.LOAD_HERE
                        : new Outcome(null, x.getCause(), false));
                } catch (TimeoutException x) {
                    Log.LOG.debug("{} {}: waited {} ms for another caller's load; loading here", key, e.getKey(),
                        waitNanos / 1_000_000);
                    out.put(e.getKey(), Outcome.LOAD_HERE);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    interrupted = true;
                    out.put(e.getKey(), Outcome.LOAD_HERE);
                }
            }
            return out;
        }
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
