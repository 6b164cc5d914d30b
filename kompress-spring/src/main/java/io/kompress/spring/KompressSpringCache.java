package io.kompress.spring;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.internal.woven.EntryAccess;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * One Spring cache on Kompress: the cache name is the Redis hash key, each cache key a field ({@link FieldKeys}),
 * each value the model's plain JSON, validated on every read like every Kompress entry, so that an entry written
 * for an older model (or by a foreign writer, or garbage) is a miss and is loaded again instead of failing.
 *
 * <ul>
 *   <li>{@link #get(Object)}: the near cache when the policy asks for it, then a replica (failing over to the
 *       primary); an absent, expired or invalid entry is a miss. Redis errors follow the policy's failure policy:
 *       a miss (fail-open, the default) or the 503/504/500 exception.</li>
 *   <li>{@link #get(Object, Callable)} ({@code @Cacheable(sync = true)}): Kompress read-through, with single-flight
 *       in this JVM (and across JVMs when the policy says so) and stale-if-error.</li>
 *   <li>{@link #put}: writes under the policy's TTL; {@link #evict}: deletes the field (a deferred retry if the
 *       primary is down); {@link #clear} ({@code allEntries = true}): deletes the whole hash with one {@code UNLINK},
 *       never {@code KEYS} or {@code SCAN}.</li>
 * </ul>
 */
public final class KompressSpringCache implements Cache {

    private final String name;
    private final KompressCache cache;
    private final EntryAccess entries;
    /** Null for a cache only evicted through (a {@code void} method's {@code @CacheEvict}). */
    private final @Nullable CacheModel<Object> model;
    private final CachePolicy policy;

    private final Executor lookups;

    KompressSpringCache(String name, KompressCache cache, EntryAccess entries, @Nullable CacheModel<Object> model,
                        CachePolicy policy, Executor lookups) {
        this.lookups = lookups;
        this.name = name;
        this.cache = cache;
        this.entries = entries;
        this.model = model;
        this.policy = policy;
    }

    @Override
    public String getName() {
        return name;
    }

    /** The Kompress cache behind this Spring cache. */
    @Override
    public KompressCache getNativeCache() {
        return cache;
    }

    @Override
    public @Nullable ValueWrapper get(Object key) {
        Object value = entries.peek(name, FieldKeys.field(name, key), model(), policy);
        return value == EntryAccess.MISS ? null : new SimpleValueWrapper(value);
    }

    @Override
    public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
        Object value = entries.peek(name, FieldKeys.field(name, key), model(), policy);
        if (value == EntryAccess.MISS || value == null) {
            return null;
        }
        if (type != null && !type.isInstance(value)) {
            throw new IllegalStateException("cache '" + name + "' holds a " + value.getClass().getName()
                + " for " + key + ", not a " + type.getName());
        }
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return typed;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
        return (T) cache.hgetL(name, FieldKeys.field(name, key), () -> {
            try {
                return valueLoader.call();
            } catch (Exception e) {
                throw new ValueRetrievalException(key, valueLoader, e);
            }
        }, model(), policy);
    }

    /**
     * The lookup of a method returning a {@code CompletableFuture} ({@code @Cacheable} on Spring 6.1+), run on the
     * manager's lookup threads so that the caller never blocks on Redis: a future of the value (a cached
     * {@code null} as an empty wrapper), or of {@code null} for a miss.
     */
    @Override
    public CompletableFuture<?> retrieve(Object key) {
        String field = FieldKeys.field(name, key);
        return CompletableFuture.supplyAsync(() -> {
            Object value = entries.peek(name, field, model(), policy);
            return value == EntryAccess.MISS ? null : value == null ? new SimpleValueWrapper(null) : value;
        }, lookups);
    }

    /** {@code @Cacheable(sync = true)} on a method returning a future: Kompress's asynchronous read-through. */
    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
        return (CompletableFuture<T>) cache.hgetLAsync(name, FieldKeys.field(name, key), valueLoader::get, model(),
            policy);
    }

    @Override
    public void put(Object key, @Nullable Object value) {
        entries.put(name, FieldKeys.field(name, key), value, model(), policy);
    }

    private CacheModel<Object> model() {
        if (model == null) {
            throw new IllegalStateException("cache '" + name + "' was resolved for a method that returns nothing, "
                + "so it has no model to read or write values with; configure one for the cache");
        }
        return model;
    }

    @Override
    public void evict(Object key) {
        cache.hdel(name, FieldKeys.field(name, key));
    }

    @Override
    public boolean evictIfPresent(Object key) {
        return cache.hdel(name, FieldKeys.field(name, key)) > 0;
    }

    /** Deletes the cache's hash: one {@code UNLINK} of one key, whatever its size (freed in the background). */
    @Override
    public void clear() {
        cache.onPrimary(name, redis -> redis.unlink(name));
    }

    @Override
    public boolean invalidate() {
        return cache.onPrimary(name, redis -> redis.unlink(name)) > 0;
    }
}
