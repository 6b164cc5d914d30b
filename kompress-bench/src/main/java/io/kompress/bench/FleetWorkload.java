package io.kompress.bench;

import com.google.gson.Gson;
import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.NearCacheOptions;
import io.kompress.cache.observability.CacheListener;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.Jedis;

/**
 * The service-fleet workload of the near cache: {@value #INSTANCES} cache instances (one per service instance,
 * each with its own connections and invalidation streams) × {@value #THREADS} threads read users through
 * {@code hgetL} with the near cache on (TTL 10 minutes), ids drawn from a Zipf distribution, starting from an
 * empty hash; optionally the library evicts {@code updatesPerSecond} users a second (the next lookup reloads
 * them), and another client rewrites {@code foreignPerSecond} users a second.
 *
 * <p>From its own trace it computes what a near cache coherent per field would answer: a lookup is an ideal near
 * hit when the same instance looked the user up before and no eviction or foreign write of that user came since
 * (a value an instance loads and writes back counts as known to it). The report compares the near cache's actual
 * share of lookups with that ideal, for the first (cold) and second (warm) half of the run.
 */
final class FleetWorkload {

    static final int INSTANCES = 3;
    static final int THREADS = 4;
    private static final String KEY = "users";
    private static final CacheModel<User> MODEL = CacheModel.of(User.class);
    private static final CachePolicy POLICY = CachePolicy.builder().ttl(Duration.ofMinutes(10)).nearCache().build();

    /** One row's settings. */
    record Settings(int users, double zipf, int updatesPerSecond, int foreignPerSecond, Duration length) {
    }

    /** One half of a run: lookups, and how many were near hits, ideal near hits and loads. */
    record Half(long lookups, long near, long ideal, long loads) {
        double nearShare() {
            return share(near);
        }

        double idealShare() {
            return share(ideal);
        }

        double loadShare() {
            return share(loads);
        }

        double redisShare() {
            return share(lookups - near - loads);
        }

        double ratio() {
            return ideal == 0 ? 0 : (double) near / ideal;
        }

        private double share(long n) {
            return lookups == 0 ? 0 : (double) n / lookups;
        }
    }

    /** A row's result. */
    record Result(Settings settings, Half cold, Half warm) {
    }

    /** Counters per half (0 cold, 1 warm): lookups, near hits, ideal near hits, loads. */
    private static final class Counts {
        private final LongAdder[][] adders = new LongAdder[2][4];

        Counts() {
            for (LongAdder[] half : adders) {
                for (int i = 0; i < half.length; i++) {
                    half[i] = new LongAdder();
                }
            }
        }

        void add(int half, int what) {
            adders[half][what].increment();
        }

        Half half(int h) {
            return new Half(adders[h][0].sum(), adders[h][1].sum(), adders[h][2].sum(), adders[h][3].sum());
        }
    }

    private static final int LOOKUPS = 0;
    private static final int NEAR = 1;
    private static final int IDEAL = 2;
    private static final int LOADS = 3;

    private static final ThreadLocal<int[]> HALF = ThreadLocal.withInitial(() -> new int[1]);

    private FleetWorkload() {
    }

    /** Runs one row against {@code redis}, whose hash is emptied first. */
    static Result run(RedisGroup redis, Settings s) throws InterruptedException {
        try (Jedis j = redis.primary().connect()) {
            j.del(KEY);
        }
        redis.awaitReplication();
        Counts counts = new Counts();
        Zipf zipf = new Zipf(s.users(), s.zipf());
        String[] ids = new String[s.users()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = String.valueOf(i + 1);
        }
        AtomicIntegerArray versions = new AtomicIntegerArray(s.users());
        for (int i = 0; i < s.users(); i++) {
            versions.set(i, 1);
        }
        List<KompressCache> caches = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime();
        long half = s.length().toNanos() / 2;
        try {
            for (int c = 0; c < INSTANCES; c++) {
                KompressCache cache = KompressCache.create(config(redis));
                cache.addListener(new CacheListener() {
                    @Override
                    public void onLookup(String key, Lookup outcome) {
                        if (outcome == Lookup.NEAR_HIT) {
                            counts.add(HALF.get()[0], NEAR);
                        }
                    }
                });
                caches.add(cache);
                AtomicIntegerArray known = new AtomicIntegerArray(s.users());
                for (int t = 0; t < THREADS; t++) {
                    threads.add(started("fleet-" + c + "-" + t, () -> {
                        int[] phase = HALF.get();
                        while (!stop.get()) {
                            phase[0] = System.nanoTime() - start < half ? 0 : 1;
                            int u = zipf.next();
                            int v = versions.get(u);
                            counts.add(phase[0], LOOKUPS);
                            if (known.get(u) == v) {
                                counts.add(phase[0], IDEAL);
                            }
                            cache.hgetL(KEY, ids[u], () -> {
                                counts.add(phase[0], LOADS);
                                return User.sample(u + 1);
                            }, MODEL, POLICY);
                            known.set(u, v);
                        }
                    }));
                }
            }
            writers(redis, s, caches.get(0), zipf, versions, stop, threads);
            TimeUnit.NANOSECONDS.sleep(s.length().toNanos());
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(60_000);
            }
            caches.forEach(KompressCache::close);
        }
        return new Result(s, counts.half(0), counts.half(1));
    }

    /** Starts the library's evictions and the foreign writer the row asks for. */
    private static void writers(RedisGroup redis, Settings s, KompressCache writer, Zipf zipf,
                                AtomicIntegerArray versions, AtomicBoolean stop, List<Thread> threads) {
        if (s.updatesPerSecond() > 0) {
            threads.add(paced("fleet-updates", s.updatesPerSecond(), stop, () -> {
                int u = zipf.next();
                versions.incrementAndGet(u);
                writer.hdel(KEY, String.valueOf(u + 1));
            }));
        }
        if (s.foreignPerSecond() > 0) {
            RedisProcess primary = redis.primary();
            Gson gson = new Gson();
            Jedis foreign = primary.connect();
            threads.add(paced("fleet-foreign", s.foreignPerSecond(), stop, () -> {
                int u = zipf.next();
                versions.incrementAndGet(u);
                User old = User.sample(u + 1);
                User changed = new User(old.id(), old.name() + " (renamed)", old.email(), old.age(),
                    old.active(), old.address());
                synchronized (foreign) {
                    foreign.hset(KEY, String.valueOf(u + 1), gson.toJson(changed));
                }
            }));
        }
    }

    private static KompressConfig config(RedisGroup redis) {
        KompressConfig.Builder b = KompressConfig.builder()
            .primary(redis.primary().host(), redis.primary().port())
            .nearCache(NearCacheOptions.defaults());
        for (RedisProcess r : redis.replicas()) {
            b.replica(r.host(), r.port());
        }
        return b.build();
    }

    private static Thread started(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Thread paced(String name, int perSecond, AtomicBoolean stop, Runnable action) {
        return started(name, () -> {
            long pause = 1_000_000_000L / perSecond;
            long next = System.nanoTime();
            while (!stop.get()) {
                action.run();
                next += pause;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
    }
}
