package io.kompress.bench;

import com.google.gson.Gson;
import io.kompress.cache.CacheModel;
import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.NearCacheOptions;
import io.kompress.cache.config.RedisEndpoint;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * The Jedis-based contenders, set up once per fork against the same servers and the same 10 000 users:
 * hand-written Jedis + Gson + Hibernate Validator (the baseline), and Kompress programmatic and woven.
 * Redisson has its own state, {@link RedissonContender}, so only its benchmark starts its threads.
 */
@State(Scope.Benchmark)
@SuppressWarnings("checkstyle:VisibilityModifier") // JMH state: fields read directly on the measured path
public class Contenders {

    static final Duration TIMEOUT = Duration.ofMillis(500);

    String[] ids;
    RedisClient primary;
    RedisClient[] replicas;
    Gson gson;
    Validator validator;
    KompressCache cache;
    CacheModel<User> model;
    UserService service;

    /** Connects every contender. */
    @Setup(Level.Trial)
    public void connect() {
        ids = BenchRedis.ids();
        List<RedisEndpoint> replicaEndpoints = BenchRedis.replicas();
        primary = jedis(BenchRedis.primary());
        replicas = replicaEndpoints.stream().map(Contenders::jedis).toArray(RedisClient[]::new);
        gson = new Gson();
        validator = Validation.buildDefaultValidatorFactory().getValidator();

        KompressConfig.Builder config = KompressConfig.builder().primary(BenchRedis.primary().host(),
            BenchRedis.primary().port()).timeout(TIMEOUT);
        replicaEndpoints.forEach(r -> config.replica(r.host(), r.port()));
        // The churn benchmark's baseline turns refills off in its forks: -Dkompress.bench.nearRefill=false.
        config.nearCache(NearCacheOptions.defaults()
            .withRefill(Boolean.parseBoolean(System.getProperty("kompress.bench.nearRefill", "true"))));
        cache = KompressCache.create(config.build());
        KompressCache.setDefault(cache);
        model = CacheModel.of(User.class);
        service = new UserService();
    }

    private static RedisClient jedis(RedisEndpoint e) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        pool.setJmxEnabled(false);
        return RedisClient.builder().hostAndPort(e.host(), e.port()).poolConfig(pool)
            .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis((int) TIMEOUT.toMillis()).build())
            .build();
    }

    /** Closes every contender. */
    @TearDown(Level.Trial)
    public void close() {
        KompressCache.setDefault(null);
        cache.close();
        primary.close();
        for (RedisClient r : replicas) {
            r.close();
        }
    }

    static User validated(Validator validator, User u) {
        if (u == null || !validator.validate(u).isEmpty()) {
            throw new IllegalStateException("benchmark data is not valid");
        }
        return u;
    }

    /**
     * Reads every user through {@code read} until the near cache holds them all, so that measured calls are near hits.
     *
     * @param read one lookup of a user by id, through the contender being warmed
     * @throws InterruptedException when interrupted while waiting for the invalidation streams
     */
    void warmNear(Consumer<String> read) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cache.stats().nearEntries() < ids.length && System.nanoTime() < deadline) {
            for (String id : ids) {
                read.accept(id);
            }
            Thread.sleep(10);
        }
        if (cache.stats().nearEntries() < ids.length) {
            throw new IllegalStateException("near cache not warm: " + cache.stats());
        }
    }
}
