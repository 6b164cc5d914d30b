package io.kompress.cache.internal.engine;

import io.kompress.cache.BulkLoadable;
import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.Loadable;
import io.kompress.cache.RedisCall;
import io.kompress.cache.config.ClusterOptions;
import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.errors.CacheTimeoutException;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.json.JsonModel;
import io.kompress.cache.internal.near.NearCache;
import io.kompress.cache.internal.near.Stamps;
import io.kompress.cache.internal.time.SystemTime;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.topology.Topologies;
import io.kompress.cache.internal.topology.Topology;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.internal.util.Utf8;
import io.kompress.cache.internal.woven.EntryAccess;
import io.kompress.cache.internal.woven.NearLookups;
import io.kompress.cache.observability.CacheListener;
import io.kompress.cache.observability.CacheStats;
import io.kompress.cache.observability.NodeHealth;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link KompressCache}: argument checks and lifecycle on top of a {@link Topology} that routes each
 * command to a node and the {@link ReadThrough} algorithm.
 */
public final class DefaultKompressCache implements KompressCache, NearLookups, EntryAccess {

    private final KompressConfig config;
    private final Topology topology;
    private final Events events = new Events();
    private final Entries entries;
    private final ExpirySweeper sweeper;
    private final DeferredEvictions deferred;
    private final ReadThrough readThrough;
    private final BatchReadThrough batch;
    private final NearCache near;
    private final LocalWrites writes;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final AtomicBoolean closed = new AtomicBoolean();

    public DefaultKompressCache(KompressConfig config) {
        this(config, SystemTime.INSTANCE.withClock(config.clock()));
    }

    /**
     * A cache whose every timing decision follows {@code time}: its clock (entry expiry), ticker (durations,
     * deadlines) and schedulers (probes, rediscovery), so that tests can move time instead of sleeping.
     *
     * @param config the configuration; its clock is ignored in favour of {@code time}'s
     * @param time   the time source
     */
    public DefaultKompressCache(KompressConfig config, TimeSource time) {
        this.config = Objects.requireNonNull(config, "config");
        this.topology = Topologies.create(config, events, time);
        Stamps stamps = new Stamps();
        this.sweeper = new ExpirySweeper(topology, time, config.sweepInterval(), events::swept, stamps);
        this.entries = new Entries(topology, sweeper, time.clock(), stamps);
        this.deferred = new DeferredEvictions(entries, events, time, config.probeInitialDelay(),
            config.probeMaxDelay());
        this.ownedExecutor = config.executor() == null ? AsyncExecutor.create(config.poolSize()) : null;
        this.executor = ownedExecutor != null ? ownedExecutor : config.executor();
        this.near = config.nearCache().maxBytes() > 0 ? new NearCache(config.nearCache(), topology::tracks, stamps,
            topology::fieldStreams, config.nearCache().heartbeat().plus(config.timeout()).toMillis(),
            time.clock()::millis) : null;
        events.nearCache(near);
        SingleFlight flights = new SingleFlight(config.singleFlightWait(), time);
        this.readThrough = new ReadThrough(entries, new LoadLock(topology), flights, events, executor, time,
            config.maxValueBytes());
        this.writes = readThrough.writes();
        this.batch = new BatchReadThrough(entries, readThrough, flights, events, time);
        if (near != null && config.nearCache().refill()) {
            events.nearRefill(new NearRefill(entries, readThrough, events, executor, time.clock()));
        }
        Log.LOG.info("Kompress Cache started: {}", config);
        try {
            executor.execute(entries::detectFieldExpiry);
        } catch (RejectedExecutionException e) {
            Log.LOG.debug("Per-field expiry will be detected on the first expiring write");
        }
    }

    /**
     * Whether the primary has per-field expiry.
     *
     * @return the answer, {@code null} until it was asked
     */
    public Boolean nativeFieldExpiry() {
        return entries.nativeExpiry();
    }

    @Override
    public long hset(String key, String field, String value) {
        checkKeyField(key, field);
        Objects.requireNonNull(value, "value");
        ensureOpen();
        List<String> fields = List.of(field);
        String stamp = writes.start(key, fields);
        try {
            return reported(key, () -> entries.write(key, field, value.getBytes(StandardCharsets.UTF_8),
                Entries.Raw.NEVER, 0, 0, stamp));
        } finally {
            writes.finish(key, fields, stamp, true);
        }
    }

    @Override
    public String hget(String key, String field) {
        checkKeyField(key, field);
        ensureOpen();
        if (writes.primaryOnly(key, field)) { // this instance's write of it may not be on every replica yet
            return reported(key, () -> topology.readPrimary("HGET", key, r -> r.hget(key, field)));
        }
        return reported(key, () -> topology.read("HGET", key, r -> r.hget(key, field)));
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
        List<String> deleted = List.of(fields);
        String stamp = writes.start(key, deleted);
        try {
            return reported(key, () -> entries.delete(key, stamp, fields));
        } catch (CacheUnavailableException | CacheTimeoutException e) {
            deferred.defer(key, fields); // retried until the primary answers, so the old entry cannot outlive it
            throw e;
        } finally {
            writes.finish(key, deleted, stamp, true);
        }
    }

    /** Runs a plain command, reporting its failure to the listeners. */
    private <R> R reported(String key, Supplier<R> command) {
        try {
            return command.get();
        } catch (KompressCacheException e) {
            events.error(key, e);
            throw e;
        }
    }

    @Override
    public String hgetL(String key, String field, Loadable<String> loader) {
        return hgetL(key, field, loader, JsonModel.RAW, config.failurePolicy());
    }

    @Override
    public <T> T hgetL(String key, String field, Loadable<? extends T> loader, Class<T> model) {
        return hgetL(key, field, loader, CacheModel.of(model), config.failurePolicy());
    }

    private <T> T hgetL(String key, String field, Loadable<? extends T> loader, CacheModel<T> model,
                        FailurePolicy policy) {
        checkReadThrough(key, field, loader, model, policy);
        return readThrough.get(key, field, loader, model, CachePolicy.none(), policy);
    }

    @Override
    public <T> T hgetL(String key, String field, Loadable<? extends T> loader, CacheModel<T> model,
                       CachePolicy policy) {
        checkReadThrough(key, field, loader, model, policy);
        return readThrough.get(key, field, loader, model, policy, failurePolicy(policy));
    }

    @Override
    public <T> Map<String, T> hmgetL(String key, Collection<String> fields, BulkLoadable<? extends T> loader,
                                     CacheModel<T> model, CachePolicy policy) {
        checkKey(key);
        if (fields == null) {
            throw new IllegalArgumentException("hmgetL " + key + ": fields is null; pass an empty collection for none");
        }
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
        if (PolicyMillis.lockLease(policy) > 0) {
            throw new IllegalArgumentException("distributedSingleFlight is not supported for batch read-through "
                + "(each batch loads its own missing fields); use it with hgetL");
        }
        if (PolicyMillis.nullTtl(policy) > 0 && model == JsonModel.RAW) {
            throw new IllegalArgumentException("cacheNulls needs a model: with raw strings a cached null could not be "
                + "told from the string \"null\"");
        }
        Set<String> unique = new LinkedHashSet<>();
        int i = 0;
        for (String f : fields) {
            if (f == null || f.isEmpty()) {
                throw new IllegalArgumentException("fields[" + i + "] must be a non-empty string, got "
                    + (f == null ? "null" : "''"));
            }
            checkField(f);
            unique.add(f);
            i++;
        }
        ensureOpen();
        if (unique.isEmpty()) {
            return new LinkedHashMap<>();
        }
        return batch.get(key, unique, loader, model, policy, failurePolicy(policy));
    }

    private FailurePolicy failurePolicy(CachePolicy policy) {
        return policy.failurePolicy().orElse(config.failurePolicy());
    }

    @Override
    public <T> CompletableFuture<T> hgetLAsync(String key, String field,
                                               Loadable<? extends CompletionStage<? extends T>> loader,
                                               CacheModel<T> model, CachePolicy policy) {
        checkReadThrough(key, field, loader, model, policy);
        if (PolicyMillis.lockLease(policy) > 0) {
            throw new IllegalArgumentException("distributedSingleFlight is not supported for asynchronous loaders "
                + "(it would block the cache's executor while waiting); use it with synchronous hgetL");
        }
        return readThrough.getAsync(key, field, loader, model, policy, failurePolicy(policy), executor);
    }

    private void checkReadThrough(String key, String field, Loadable<?> loader, CacheModel<?> model,
                                  Object policy) {
        checkKeyField(key, field);
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
        if (policy instanceof CachePolicy p && PolicyMillis.nullTtl(p) > 0 && model == JsonModel.RAW) {
            throw new IllegalArgumentException("cacheNulls needs a model: with raw strings a cached null could not be "
                + "told from the string \"null\"");
        }
        ensureOpen();
    }

    /**
     * Sends the primary a {@code PING} (in Cluster mode, one slot's master), for a start-up check.
     *
     * @throws KompressCacheException when it does not answer
     */
    public void checkPrimary() {
        ensureOpen();
        String key = config.deployment() instanceof ClusterOptions ? "kompress" : null;
        reported(key, () -> topology.readPrimary("PING", key, r -> r.ping()));
    }

    @Override
    public List<NodeHealth> health() {
        ensureOpen();
        return topology.health();
    }

    @Override
    public @Nullable Object peek(String key, String field, CacheModel<?> model, CachePolicy policy) {
        checkKeyField(key, field);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
        ensureOpen();
        return readThrough.peek(key, field, model, policy, failurePolicy(policy));
    }

    @Override
    public <T> void put(String key, String field, @Nullable T value, CacheModel<T> model, CachePolicy policy) {
        checkKeyField(key, field);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
        ensureOpen();
        readThrough.put(key, field, value, model, policy, failurePolicy(policy));
    }

    @Override
    public @Nullable Object nearHit(String key, String field, CacheModel<?> model, CachePolicy policy) {
        return closed.get() ? NearLookups.MISS : readThrough.nearHit(key, field, model, policy);
    }

    @Override
    public @Nullable Object nearHit(String key, long field, CacheModel<?> model, CachePolicy policy) {
        return closed.get() ? NearLookups.MISS : readThrough.nearHit(key, field, model, policy);
    }

    @Override
    public KompressConfig config() {
        return config;
    }

    @Override
    public CacheStats stats() {
        return near == null ? events.stats().snapshot(0, 0) : events.stats().snapshot(near.entries(), near.bytes());
    }

    @Override
    public void clearNearCache() {
        events.nearCleared();
    }

    @Override
    public void addListener(CacheListener listener) {
        events.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public boolean removeListener(CacheListener listener) {
        return events.remove(listener);
    }

    @Override
    public <R> R onPrimary(String key, RedisCall<R> call) {
        checkKey(key);
        Objects.requireNonNull(call, "call");
        ensureOpen();
        return reported(key, () -> topology.write("COMMAND", key, false, call));
    }

    @Override
    public <R> R onReplica(String key, RedisCall<R> call) {
        checkKey(key);
        Objects.requireNonNull(call, "call");
        ensureOpen();
        return reported(key, () -> topology.read("COMMAND", key, call));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (ownedExecutor != null) {
                ownedExecutor.shutdown();
            }
            deferred.close();
            sweeper.close();
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
