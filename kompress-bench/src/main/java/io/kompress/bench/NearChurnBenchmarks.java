package io.kompress.bench;

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
import io.kompress.cache.KompressCache;
import redis.clients.jedis.RedisClient;

/**
 * Near-cache reads under writes to the same hash: woven near-cache reads of the first {@code hotUsers} of the
 * 10 000 users while a writer rewrites one random user (with its current JSON) {@code writesPerSecond} times a
 * second, either as another client ({@code writer = redis}: every node reports the whole hash {@code users}
 * changed, so every JVM drops all of its entries; those hit since they were kept, at most 1 000 per report, are
 * read back in one round trip) or through another Kompress cache instance ({@code writer = kompress}: only the
 * written field is dropped).
 */
@OutputTimeUnit(TimeUnit.SECONDS)
public class NearChurnBenchmarks {

    /** A writer thread on the primary. */
    @State(Scope.Benchmark)
    @SuppressWarnings("checkstyle:VisibilityModifier")
    public static class Writer {
        /** Writes per second to the hash, from another client. */
        @Param({"0", "10", "100"})
        public int writesPerSecond;

        /** How many users the readers read (the first ones): all, or a hot set. */
        @Param({"10000", "500"})
        public int hotUsers;

        /** Who writes: another client ({@code redis}), or another Kompress cache instance ({@code kompress}). */
        @Param({"redis", "kompress"})
        public String writer;

        private KompressCache via;

        NearUserService service = new NearUserService();
        private volatile boolean running;
        private Thread thread;

        /**
         * Starts writing.
         *
         * @param c the contenders (their primary client writes)
         */
        @Setup(Level.Trial)
        public void start(Contenders c) {
            running = true;
            RedisClient primary = c.primary;
            via = "kompress".equals(writer) ? KompressCache.create(c.cache.config()) : null;
            String[] ids = c.ids;
            thread = new Thread(() -> {
                long pauseNanos = writesPerSecond == 0 ? 0 : 1_000_000_000L / writesPerSecond;
                long next = System.nanoTime();
                while (running && pauseNanos > 0) {
                    String id = ids[ThreadLocalRandom.current().nextInt(ids.length)];
                    String json = c.gson.toJson(User.sample(Long.parseLong(id)));
                    if (via != null) {
                        via.hset("users", id, json);
                    } else {
                        primary.hset("users", id, json);
                    }
                    next += pauseNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "churn-writer");
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * Stops writing.
         *
         * @throws InterruptedException when interrupted while joining
         */
        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            running = false;
            thread.join();
            if (via != null) {
                via.close();
            }
        }
    }

    /**
     * A woven near-cache read under the writer's churn.
     *
     * @param c the contenders
     * @param w the writer
     * @return the user
     */
    @Benchmark
    public User wovenNearUnderWrites(Contenders c, Writer w) {
        return w.service.find(c.ids[ThreadLocalRandom.current().nextInt(Math.min(w.hotUsers, c.ids.length))]);
    }
}
