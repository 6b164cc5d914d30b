package io.kompress.demo;

import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.testing.RedisBinary;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the demo's Redis comes from: the {@code REDIS_*} variables when any of them is set (a {@code REDIS_PORT}
 * or {@code REDIS_SENTINELS} alone means the user's Redis, never a silently ignored setting), otherwise a primary
 * and two replicas started locally (redis-server from PATH, or the embedded binary) and stopped when the demo
 * ends.
 */
final class RedisSetup implements AutoCloseable {

    /** The hashes the demo writes; removed when it starts and when it ends, so every run tells the same story. */
    static final List<String> KEYS = List.of("demo:users", "demo:recent");

    private final RedisGroup local;
    private final KompressCache cache;

    private RedisSetup(RedisGroup local, KompressCache cache) {
        this.local = local;
        this.cache = cache;
    }

    /**
     * The demo's Redis, connecting lazily.
     *
     * @throws IllegalArgumentException naming the variable and the value when the configuration is invalid
     */
    static RedisSetup fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, false);
    }

    /**
     * The demo's Redis; with {@code checked}, a configured primary must answer a PING now.
     *
     * @throws IllegalArgumentException naming the variable and the value when the configuration is invalid
     * @throws io.kompress.cache.errors.KompressCacheException when {@code checked} and the primary does not answer
     */
    static RedisSetup fromEnvironment(Map<String, String> env, boolean checked) {
        if (configuresRedis(env)) {
            KompressConfig config = KompressConfig.fromEnv(env);
            return new RedisSetup(null, checked ? KompressCache.createChecked(config) : KompressCache.create(config));
        }
        RedisGroup group = RedisGroup.start(2);
        KompressConfig.Builder config = KompressConfig.builder()
            .primary(group.primary().host(), group.primary().port())
            .timeout(Duration.ofMillis(500))
            .probeDelays(Duration.ofMillis(100), Duration.ofSeconds(1));
        group.replicas().forEach(r -> config.replica(r.host(), r.port()));
        return new RedisSetup(group, KompressCache.create(config.build()));
    }

    /** Whether the environment names a Redis of the user's: any {@code REDIS_*} variable. */
    static boolean configuresRedis(Map<String, String> env) {
        return env.keySet().stream().anyMatch(name -> name.startsWith("REDIS_"));
    }

    /** Deletes the demo's hashes (on the right shard in Cluster mode). */
    void clearDemoKeys() {
        for (String key : KEYS) {
            cache.onPrimary(key, r -> r.del(key));
        }
    }

    KompressCache cache() {
        return cache;
    }

    /** The local processes, when the demo started them. */
    Optional<RedisGroup> local() {
        return Optional.ofNullable(local);
    }

    String describe() {
        if (local == null) {
            return "configured Redis: " + cache.config();
        }
        return "local Redis (" + RedisBinary.description() + "): primary " + local.primary().address()
            + ", replicas " + local.replicasHostPort();
    }

    List<RedisProcess> nodes() {
        if (local == null) {
            return List.of();
        }
        return Stream.concat(Stream.of(local.primary()),
            local.replicas().stream()).toList();
    }

    @Override
    public void close() {
        cache.close();
        if (local != null) {
            local.close();
        }
    }
}
