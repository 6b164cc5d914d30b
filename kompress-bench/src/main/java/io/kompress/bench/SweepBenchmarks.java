package io.kompress.bench;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.observability.CacheStats.Counter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.Jedis;

/**
 * Cache hits while the expiry sweep cleans a hash of {@value #EXPIRED} expired entries, against the same hits
 * with the sweep off: before every iteration the hash is refilled on the primary in both variants, so the only
 * difference is the sweep. Each iteration's sweep progress is appended to the file named by
 * {@value #LOG_PROPERTY}, so the report can show that the sweep ran through every measured iteration.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SweepBenchmarks {

    static final int EXPIRED = 100_000;
    static final String HASH = "sweep:expired";
    static final String LOG_PROPERTY = "kompress.bench.sweepLog";

    /** A cache with the sweep on or off, and the hash of expired entries it has to clean. */
    @State(Scope.Benchmark)
    @SuppressWarnings("checkstyle:VisibilityModifier") // JMH state: fields read directly on the measured path
    public static class Sweep {
        /** {@code on}: sweep every 10 ms; {@code off}: sweep disabled. */
        @Param({"off", "on"})
        public String sweep;

        String[] ids;
        KompressCache cache;
        CacheModel<User> model;
        private long sweptBefore;

        /** Starts the cache; with the sweep on, writing one expiring entry makes it track the hash. */
        @Setup(Level.Trial)
        public void connect() {
            ids = BenchRedis.ids();
            KompressConfig.Builder config = KompressConfig.builder().primary(BenchRedis.primary().host(),
                BenchRedis.primary().port())
                .timeout(Contenders.TIMEOUT).sweepInterval(Duration.ofMillis("on".equals(sweep) ? 10 : 0));
            BenchRedis.replicas().forEach(r -> config.replica(r.host(), r.port()));
            cache = KompressCache.create(config.build());
            model = CacheModel.of(User.class);
            try (Jedis j = new Jedis(BenchRedis.primary().host(), BenchRedis.primary().port())) {
                j.del(HASH); // an earlier fork's seed would be a hit, and a hit is not a write the sweep tracks
            }
            cache.hgetL(HASH, "seed", () -> User.sample(1), model,
                CachePolicy.builder().ttl(Duration.ofHours(1)).build());
        }

        /** Refills the hash with expired entries, on the primary and through to the replicas. */
        @Setup(Level.Iteration)
        public void refill() {
            ExpiredEntries.fill(HASH, EXPIRED);
            sweptBefore = cache.stats().count(Counter.SWEPT_ENTRIES);
        }

        /** Records how much the sweep removed in the iteration and how much it had left. */
        @TearDown(Level.Iteration)
        public void record() {
            String log = System.getProperty(LOG_PROPERTY);
            if (log == null) {
                return;
            }
            long left;
            try (Jedis j = new Jedis(BenchRedis.primary().host(), BenchRedis.primary().port())) {
                left = j.hlen(HASH);
            }
            long swept = cache.stats().count(Counter.SWEPT_ENTRIES) - sweptBefore;
            String line = sweep + " swept=" + swept + " fieldsLeft=" + left + "\n";
            try {
                Files.writeString(Path.of(log), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Closes the cache. */
        @TearDown(Level.Trial)
        public void close() {
            cache.close();
        }
    }

    /**
     * {@code hgetL} hit on a replica, with the sweep {@code on} or {@code off}.
     *
     * @param s the cache
     * @return the user
     */
    @Benchmark
    public User hitWhileSweeping(Sweep s) {
        String id = s.ids[ThreadLocalRandom.current().nextInt(s.ids.length)];
        return s.cache.hgetL("users", id, () -> User.sample(Long.parseLong(id)), s.model, CachePolicy.none());
    }
}
