package io.kompress.bench;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Hits while one replica is SIGSTOPped: after the first timeout the replica is out of rotation and probed in
 * the background, so throughput should stay close to the healthy {@code kompressHgetL}.
 */
@OutputTimeUnit(TimeUnit.SECONDS)
public class PausedReplicaBenchmarks {

    /** A Kompress cache over both replicas, one of which is paused for the whole trial. */
    @State(Scope.Benchmark)
    @SuppressWarnings("checkstyle:VisibilityModifier") // JMH state: fields read directly on the measured path
    public static class PausedReplica {
        String[] ids;
        KompressCache cache;
        CacheModel<User> model;

        /** Connects, then sends SIGSTOP to one replica. */
        @Setup(Level.Trial)
        public void pause() {
            ids = BenchRedis.ids();
            KompressConfig.Builder config = KompressConfig.builder().primary(BenchRedis.primary().host(),
                BenchRedis.primary().port())
                .timeout(Contenders.TIMEOUT);
            BenchRedis.replicas().forEach(r -> config.replica(r.host(), r.port()));
            cache = KompressCache.create(config.build());
            model = CacheModel.of(User.class);
            BenchRedis.signal(BenchRedis.pausablePid(), "STOP");
        }

        /** Sends SIGCONT and closes the cache. */
        @TearDown(Level.Trial)
        public void resume() {
            BenchRedis.signal(BenchRedis.pausablePid(), "CONT");
            cache.close();
        }
    }

    /**
     * {@code hgetL} hit with one of the two replicas paused.
     *
     * @param p the cache and the paused replica
     * @return the user
     */
    @Benchmark
    public User kompressHgetLReplicaPaused(PausedReplica p) {
        String id = p.ids[ThreadLocalRandom.current().nextInt(p.ids.length)];
        return p.cache.hgetL("users", id, () -> User.sample(Long.parseLong(id)), p.model, CachePolicy.none());
    }
}
