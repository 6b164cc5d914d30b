package io.kompress.cache;

import io.kompress.cache.internal.Log;
import io.kompress.cache.internal.Topologies;
import io.kompress.cache.internal.Topology;
import io.kompress.cache.internal.Utf8;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link KompressCache}: argument checks and lifecycle on top of a {@link Topology} that routes each
 * command to a node and the {@link ReadThrough} algorithm.
 */
final class DefaultKompressCache implements KompressCache {

    private final KompressConfig config;
    private final Topology topology;
    private final ReadThrough readThrough;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final AtomicBoolean closed = new AtomicBoolean();

    DefaultKompressCache(KompressConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.topology = Topologies.create(config);
        this.readThrough = new ReadThrough(topology, new SingleFlight(config.singleFlightWait()),
            config.maxValueBytes());
        this.ownedExecutor = config.executor() == null ? AsyncExecutor.create(config.poolSize()) : null;
        this.executor = ownedExecutor != null ? ownedExecutor : config.executor();
        Log.LOG.info("Kompress Cache started: {}", config);
    }

    @Override
    public KompressConfig config() {
        return config;
    }

    @Override
    public long hset(String key, String field, String value) {
        checkKeyField(key, field);
        Objects.requireNonNull(value, "value");
        ensureOpen();
        return topology.write("HSET", key, true, r -> r.hset(key, field, value));
    }

    @Override
    public String hget(String key, String field) {
        checkKeyField(key, field);
        ensureOpen();
        return topology.read("HGET", key, r -> r.hget(key, field));
    }

    @Override
    public long hdel(String key, String... fields) {
        checkKey(key);
        if (fields == null || fields.length == 0) {
            throw new IllegalArgumentException("hdel needs at least one field");
        }
        for (String f : fields) {
            checkField(f);
        }
        ensureOpen();
        return topology.write("HDEL", key, true, r -> r.hdel(key, fields));
    }

    @Override
    public String hgetL(String key, String field, Loadable<String> loader) {
        return hgetL(key, field, loader, CacheModel.rawString(), config.failurePolicy());
    }

    @Override
    public <T> T hgetL(String key, String field, Loadable<? extends T> loader, Class<T> model) {
        return hgetL(key, field, loader, CacheModel.of(model), config.failurePolicy());
    }

    @Override
    public <T> T hgetL(String key, String field, Loadable<? extends T> loader, CacheModel<T> model) {
        return hgetL(key, field, loader, model, config.failurePolicy());
    }

    @Override
    public <T> T hgetL(String key, String field, Loadable<? extends T> loader, CacheModel<T> model,
                       FailurePolicy policy) {
        checkReadThrough(key, field, loader, model, policy);
        return readThrough.get(key, field, loader, model, policy);
    }

    @Override
    public <T> CompletableFuture<T> hgetLAsync(String key, String field,
                                               Loadable<? extends CompletionStage<? extends T>> loader,
                                               CacheModel<T> model, FailurePolicy policy) {
        checkReadThrough(key, field, loader, model, policy);
        return readThrough.getAsync(key, field, loader, model, policy, executor);
    }

    private void checkReadThrough(String key, String field, Loadable<?> loader, CacheModel<?> model,
                                  FailurePolicy policy) {
        checkKeyField(key, field);
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
        ensureOpen();
    }

    @Override
    public <R> R onPrimary(RedisCall<R> call) {
        Objects.requireNonNull(call, "call");
        ensureOpen();
        return topology.write("COMMAND", null, false, call);
    }

    @Override
    public <R> R onReplica(RedisCall<R> call) {
        Objects.requireNonNull(call, "call");
        ensureOpen();
        return topology.read("COMMAND", null, call);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (ownedExecutor != null) {
                ownedExecutor.shutdown();
            }
            topology.close();
            Log.LOG.info("Kompress Cache closed");
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this KompressCache is closed");
        }
    }

    private static void checkKeyField(String key, String field) {
        checkKey(key);
        checkField(field);
    }

    private static void checkKey(String key) {
        check("hash key", key);
    }

    private static void checkField(String field) {
        check("hash field", field);
    }

    private static void check(String what, String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " must be a non-empty string, got "
                + (s == null ? "null" : "''"));
        }
        int bad = Utf8.unpairedSurrogate(s);
        if (bad >= 0) {
            throw new IllegalArgumentException(what + " is not valid Unicode: unpaired surrogate at index " + bad
                + "; it would be stored as '?' and collide with other " + what + "s");
        }
    }
}
