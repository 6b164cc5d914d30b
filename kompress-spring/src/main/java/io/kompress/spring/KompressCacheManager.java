package io.kompress.spring;

import io.kompress.cache.CacheModel;
import io.kompress.cache.KompressCache;
import io.kompress.cache.internal.woven.EntryAccess;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} whose caches are Redis hashes managed by Kompress ({@link KompressSpringCache}).
 * Each cache has {@link CacheSettings}: its model and its policy, configured per name, with defaults for the rest.
 *
 * <pre>{@code
 * KompressCacheManager manager = KompressCacheManager.builder(kompressCache)
 *     .cache("users", new CacheSettings(User.class, CachePolicy.builder().ttl(Duration.ofMinutes(10)).build()))
 *     .build();
 * }</pre>
 *
 * <p>A cache without a configured model takes the type each {@code @Cacheable} method returns, through
 * {@link KompressCacheResolver} (the Boot starter installs it); {@link #getCache(String)} alone cannot know it and
 * refuses such a cache with a message saying so.
 */
public final class KompressCacheManager implements CacheManager, AutoCloseable {

    private final KompressCache cache;
    private final EntryAccess entries;
    private final Map<String, CacheSettings> configured;
    private final CacheSettings defaults;
    private final boolean dynamic;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Type, KompressSpringCache>> caches =
        new ConcurrentHashMap<>();
    /** Where the lookups of methods returning futures run: as many threads as the cache has connections per node. */
    private final ExecutorService lookups;

    private KompressCacheManager(Builder b) {
        this.cache = b.cache;
        if (!(b.cache instanceof EntryAccess access)) {
            throw new IllegalArgumentException("a KompressCacheManager needs a cache made by KompressCache.create, "
                + "not a " + b.cache.getClass().getName() + " (it reads and writes entries the way read-through does)");
        }
        this.entries = access;
        this.configured = Map.copyOf(b.caches);
        this.defaults = b.defaults;
        this.dynamic = b.dynamic;
        AtomicInteger threads = new AtomicInteger();
        this.lookups = Executors.newFixedThreadPool(b.cache.config().poolSize(), r -> {
            Thread t = new Thread(r, "kompress-spring-lookup-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Stops the lookup threads of methods returning futures; the Kompress cache is its owner's to close. */
    @Override
    public void close() {
        lookups.shutdown();
    }

    /**
     * Starts a manager on {@code cache}.
     *
     * @param cache a cache made by {@link KompressCache#create}; the manager does not close it
     * @return the builder
     */
    public static Builder builder(KompressCache cache) {
        return new Builder(cache);
    }

    /**
     * The cache of that name with its configured model, or null when the name is not configured and dynamic caches
     * are off.
     *
     * @throws IllegalStateException when the cache has no configured model (use it through {@code @Cacheable},
     *                               whose return type gives it, or configure one)
     */
    @Override
    public @Nullable Cache getCache(String name) {
        CacheSettings settings = settings(name);
        if (settings == null) {
            return null;
        }
        if (settings.model() == null) {
            throw new IllegalStateException("cache '" + name + "' has no model: set one (kompress.spring.caches."
                + name + ".model, or CacheSettings) or use it through @Cacheable methods, whose return type gives it");
        }
        return getCache(name, settings.model());
    }

    /**
     * The cache of that name whose values are of {@code type} (when the cache has no configured model; a configured
     * model wins), or null when the name is not configured and dynamic caches are off.
     *
     * @param name the cache name: the Redis hash key
     * @param type the type of the values, such as a method's generic return type ({@code void} for a cache only
     *             evicted through)
     * @return the cache
     */
    public @Nullable KompressSpringCache getCache(String name, Type type) {
        CacheSettings settings = settings(name);
        if (settings == null) {
            return null;
        }
        Type model = settings.model() != null ? settings.model() : type;
        return caches.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).computeIfAbsent(model,
            t -> new KompressSpringCache(name, cache, entries, t == void.class || t == Void.class ? null
                : CacheModel.of(t), settings.policy(), lookups));
    }

    private @Nullable CacheSettings settings(String name) {
        CacheSettings s = configured.get(name);
        return s != null ? s : dynamic ? defaults : null;
    }

    @Override
    public Collection<String> getCacheNames() {
        LinkedHashMap<String, Boolean> names = new LinkedHashMap<>();
        configured.keySet().forEach(n -> names.put(n, true));
        caches.keySet().forEach(n -> names.put(n, true));
        return List.copyOf(names.keySet());
    }

    /** Builds a {@link KompressCacheManager}. */
    public static final class Builder {

        private final KompressCache cache;
        private final Map<String, CacheSettings> caches = new LinkedHashMap<>();
        private CacheSettings defaults = CacheSettings.DEFAULTS;
        private boolean dynamic = true;

        private Builder(KompressCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
        }

        /**
         * Configures one cache.
         *
         * @param name     the cache name: the Redis hash key, not blank
         * @param settings its model and policy
         * @return this builder
         */
        public Builder cache(String name, CacheSettings settings) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a cache name is a Redis hash key and must not be blank");
            }
            caches.put(name, Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /**
         * The settings of caches that are not configured by name ({@link CacheSettings#DEFAULTS} unless set).
         *
         * @param settings the defaults
         * @return this builder
         */
        public Builder defaults(CacheSettings settings) {
            this.defaults = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Whether a cache name that is not configured gets a cache with the defaults (true unless set) or none, so
         * that a typo in a cache name fails at once.
         *
         * @param allowed false to allow only configured names
         * @return this builder
         */
        public Builder dynamicCaches(boolean allowed) {
            this.dynamic = allowed;
            return this;
        }

        /**
         * Builds the manager.
         *
         * @return the manager
         * @throws IllegalArgumentException when the cache was not made by {@link KompressCache#create}
         */
        public KompressCacheManager build() {
            return new KompressCacheManager(this);
        }
    }
}
