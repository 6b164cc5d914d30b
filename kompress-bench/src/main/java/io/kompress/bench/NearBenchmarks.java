package io.kompress.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.config.NearCacheOptions;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Near-cache hits: a random one of the same 10 000 users answered from memory, against the replica hit of
 * {@link HitBenchmarks}. Each state reads every user once at setup, so the measured calls are all near hits.
 */
@OutputTimeUnit(TimeUnit.SECONDS)
public class NearBenchmarks {

    private static final CachePolicy NEAR_POLICY = CachePolicy.builder().nearCache().build();

    /** The woven near-cache service, warmed. */
    @State(Scope.Benchmark)
    @SuppressWarnings("checkstyle:VisibilityModifier") // JMH state: fields read directly on the measured path
    public static class Near {
        NearUserService service;

        /**
         * Reads every user until each one is answered from memory.
         *
         * @param c the contenders (the cache the aspect uses)
         * @throws InterruptedException when interrupted while waiting for the invalidation streams
         */
        @Setup(Level.Trial)
        public void warm(Contenders c) throws InterruptedException {
            service = new NearUserService();
            c.warmNear(service::find);
        }
    }

    /**
     * A woven {@code @HashCached(nearCache = true)} hit.
     *
     * @param c    the contenders
     * @param near the warmed service
     * @return the user
     */
    @Benchmark
    public User wovenNearHit(Contenders c, Near near) {
        return near.service.find(c.ids[ThreadLocalRandom.current().nextInt(c.ids.length)]);
    }

    /**
     * The same near hit through the programmatic API ({@code hgetL} with a near-cache policy), without the aspect.
     *
     * @param c    the contenders
     * @param near the warmed service (its warm-up filled the near cache this call reads)
     * @return the user
     */
    @Benchmark
    public User nearHgetL(Contenders c, Near near) {
        return c.cache.hgetL("users", c.ids[ThreadLocalRandom.current().nextInt(c.ids.length)], NearBenchmarks::none,
            c.model, NEAR_POLICY);
    }

    /**
     * The in-process floor: a bare Caffeine {@code getIfPresent} of an already-validated object, the same keys in a
     * cache of the same kind (bounded by weight, W-TinyLFU) as the near cache's store.
     *
     * @param c     the contenders
     * @param floor the filled cache
     * @return the user
     */
    @Benchmark
    public User caffeineFloor(Contenders c, Floor floor) {
        return floor.users.getIfPresent(c.ids[ThreadLocalRandom.current().nextInt(c.ids.length)]);
    }

    /** A Caffeine cache holding every user, parsed and validated once. */
    @State(Scope.Benchmark)
    @SuppressWarnings("checkstyle:VisibilityModifier")
    public static class Floor {
        Cache<String, User> users;

        /**
         * Fills it.
         *
         * @param c the contenders
         */
        @Setup(Level.Trial)
        public void fill(Contenders c) {
            users = Caffeine.newBuilder().maximumWeight(NearCacheOptions.DEFAULT_MAX_BYTES)
                .<String, User>weigher((k, v) -> 600).build();
            for (String id : c.ids) {
                users.put(id, Contenders.validated(c.validator, User.sample(Long.parseLong(id))));
            }
        }
    }

    private static User none() {
        throw new IllegalStateException("all near hits expected");
    }

    /**
     * Redisson {@code RLocalCachedMap.get}, warmed the same way, then the same validation.
     *
     * @param r the Redisson contender
     * @return the user
     */
    @Benchmark
    public User redissonLocalCached(RedissonLocalWarm r) {
        RedissonLocalContender c = r.contender;
        return Contenders.validated(c.validator, c.users.get(c.ids[ThreadLocalRandom.current().nextInt(c.ids.length)]));
    }

    /** The Redisson local-cached map with every user read once. */
    @State(Scope.Benchmark)
    @SuppressWarnings("checkstyle:VisibilityModifier")
    public static class RedissonLocalWarm {
        RedissonLocalContender contender;

        /**
         * Reads every user once.
         *
         * @param c the connected contender
         */
        @Setup(Level.Trial)
        public void warm(RedissonLocalContender c) {
            contender = c;
            for (String id : c.ids) {
                c.users.get(id);
            }
        }
    }
}
