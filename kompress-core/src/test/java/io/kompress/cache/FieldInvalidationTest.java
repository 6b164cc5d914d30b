package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.NearCacheOptions;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;

/**
 * Field-granular near-cache invalidation against real Redis processes: a write made through Kompress drops only the
 * fields it wrote in every JVM, any other write still drops the whole hash key, a value a JVM wrote back stays in its
 * own near cache, a caller reads its own write even while replicas lag, and a node that refuses keyspace events
 * falls back to whole keys. Two caches in one JVM stand for two service instances: each has its own streams.
 */
class FieldInvalidationTest {

    record Item(long id, @Min(0) int version) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);
    private static final CachePolicy NEAR = CachePolicy.builder().nearCache().build();
    /** A bound for a busy machine, not a pace: every wait ends as soon as its condition holds. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEY = "items";

    private static KompressCache cache(RedisGroup redis) {
        return KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(2)).build());
    }

    private static Item read(KompressCache cache, String field) {
        return cache.hgetL(KEY, field, () -> new Item(Long.parseLong(field), 0), ITEM, NEAR);
    }

    private static String json(String field, int version) {
        return "{\"id\":" + field + ",\"version\":" + version + "}";
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Reads every field until each is answered from memory (streams are set up in the background). */
    private static void warm(KompressCache cache, int fields) {
        for (int i = 0; i < fields; i++) {
            String f = String.valueOf(i);
            long before = cache.stats().count(Counter.NEAR_HITS);
            await(() -> {
                read(cache, f);
                return cache.stats().count(Counter.NEAR_HITS) > before;
            }, "field " + f + " answered from the near cache");
        }
    }

    private static long reads(RedisGroup redis) {
        long n = 0;
        for (RedisProcess p : nodes(redis)) {
            n += p.commandCalls("hmget") + p.commandCalls("hget");
        }
        return n;
    }

    private static List<RedisProcess> nodes(RedisGroup redis) {
        List<RedisProcess> all = new ArrayList<>(redis.replicas());
        all.add(redis.primary());
        return all;
    }

    private static Thread started(Runnable body) {
        Thread t = new Thread(body);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static KompressCache withoutRefills(RedisGroup redis) {
        return KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(2))
            .nearCache(NearCacheOptions.defaults().withRefill(false)).build());
    }

    /**
     * Stores fields 0 to n-1 (version 0) with one plain HSET before {@code cache} reads the key, then waits until
     * each is answered from memory and {@code nodes} streams report fields. Nothing this JVM wrote is in flight
     * afterwards, so the only reports the test sees are those of its own write (with write-backs instead, a
     * node's late report of one of them could drop a field under a loaded machine).
     */
    private static void nearCached(RedisGroup redis, KompressCache cache, int n, int nodes) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            fields.put(String.valueOf(i), json(String.valueOf(i), 0));
        }
        try (Jedis j = redis.primary().connect()) {
            j.hset(KEY, fields);
        }
        redis.awaitReplication();
        warm(cache, n);
        awaitFieldStreams(cache, nodes);
    }

    /** Every node's stream of {@code cache} reports per field. */
    private static void awaitFieldStreams(KompressCache cache, int nodes) {
        await(() -> cache.health().stream().filter(h -> "fields".equals(h.nearInvalidation())).count() == nodes,
            "field streams on " + nodes + " nodes: " + cache.health());
    }

    @Test
    void aWriteThroughKompressDropsOnlyTheFieldItWroteInAnotherJvm() {
        try (RedisGroup redis = RedisGroup.start(1); KompressCache writer = cache(redis);
             KompressCache reader = cache(redis)) {
            int n = 50;
            nearCached(redis, reader, n, 2);
            long invalidations = reader.stats().count(Counter.NEAR_INVALIDATIONS);
            long before = reads(redis);
            writer.hset(KEY, "7", json("7", 3));
            await(() -> reader.stats().count(Counter.NEAR_INVALIDATIONS) >= invalidations + 2,
                "the primary's and the replica's "
                + "reports of the write");
            long hits = reader.stats().count(Counter.NEAR_HITS);
            for (int i = 0; i < n; i++) {
                if (i != 7) {
                    read(reader, String.valueOf(i));
                }
            }
            assertEquals(hits + n - 1, reader.stats().count(Counter.NEAR_HITS), "the 49 other fields stay in memory");
            long refills = reads(redis) - before;
            long reports = reader.stats().count(Counter.NEAR_INVALIDATIONS) - invalidations; // after the reads
            assertTrue(refills <= reports + 1, refills + " reads for " + reports + " reports: at most a refill of "
                + "the written field per report (and one more when a report splits a refill, see NearRefill)");
            await(() -> read(reader, "7").version() == 3, "the written field read with its new value");
            assertEquals(n, reader.stats().nearEntries(), reader.stats().toString());
        }
    }

    @Test
    void anyOtherWriteStillDropsTheWholeHashKey() {
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache reader = withoutRefills(redis)) {
            int n = 20;
            nearCached(redis, reader, n, 2);
            try (Jedis j = redis.primary().connect()) {
                j.hset(KEY, "3", json("3", 5)); // plain HSET
                await(() -> reader.stats().nearEntries() == 0, "every entry dropped by a foreign HSET");
                warm(reader, n);
                j.eval("redis.call('hset', KEYS[1], '5', ARGV[1])", List.of(KEY), List.of(json("5", 6)));
                await(() -> reader.stats().nearEntries() == 0, "every entry dropped by a foreign script");
                warm(reader, n);
                Transaction t = j.multi();
                t.hset(KEY, "6", json("6", 7));
                t.hdel(KEY, "nothing");
                t.exec();
                await(() -> reader.stats().nearEntries() == 0, "every entry dropped by MULTI/EXEC");
                warm(reader, n);
                j.expire(KEY, 3600);
                await(() -> reader.stats().nearEntries() == 0, "every entry dropped by EXPIRE of the key");
            }
        }
    }

    /** The announcing script docs/guides/INTEROP.md gives other writers (the Python package, say). */
    private static final String ANNOUNCED_HSET = String.join("\n",
        "local ch = 'kompress:w:' .. KEYS[1]",
        "redis.call('publish', ch, 'b' .. ARGV[1])",
        "local ok, res = pcall(redis.call, 'hset', KEYS[1], ARGV[2], ARGV[3])",
        "redis.call('publish', ch, 'e' .. ARGV[1] .. '|' .. #ARGV[2] .. ':' .. ARGV[2])",
        "if not ok then return redis.error_reply(type(res) == 'table' and res.err or tostring(res)) end",
        "return res");

    @Test
    void aWriterOutsideKompressThatAnnouncesItsWriteDropsOnlyThatField() {
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache reader = withoutRefills(redis)) {
            int n = 10;
            nearCached(redis, reader, n, 2);
            long invalidations = reader.stats().count(Counter.NEAR_INVALIDATIONS);
            try (Jedis j = redis.primary().connect()) {
                j.eval(ANNOUNCED_HSET, List.of(KEY), List.of("py-1", "4", json("4", 9)));
            }
            await(() -> reader.stats().count(Counter.NEAR_INVALIDATIONS) >= invalidations + 2, "both nodes' reports");
            assertEquals(n - 1, reader.stats().nearEntries(), "only field 4 dropped");
            assertEquals(9, read(reader, "4").version());
        }
    }

    @Test
    void kompressAndForeignWritersHammeringOneHashLeaveNoStaleRead() throws Exception {
        try (RedisGroup redis = RedisGroup.start(2); KompressCache writer = cache(redis);
             KompressCache reader = cache(redis)) {
            int n = 40;
            for (int i = 0; i < n; i++) {
                writer.hset(KEY, String.valueOf(i), json(String.valueOf(i), 0));
            }
            redis.awaitReplication();
            warm(reader, n);
            awaitFieldStreams(reader, 3);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger version = new AtomicInteger();
            AtomicInteger kompressWrites = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            threads.add(started(() -> { // Kompress writes: hset and hdel
                while (!stop.get()) {
                    kompressWrites.incrementAndGet();
                    String f = String.valueOf(ThreadLocalRandom.current().nextInt(n));
                    if (ThreadLocalRandom.current().nextInt(10) == 0) {
                        writer.hdel(KEY, f);
                    } else {
                        writer.hset(KEY, f, json(f, version.incrementAndGet()));
                    }
                }
            }));
            threads.add(started(() -> foreignWrites(redis, n, version, stop)));
            for (int r = 0; r < 2; r++) {
                threads.add(started(() -> { // readers keep the near cache busy
                    while (!stop.get()) {
                        read(reader, String.valueOf(ThreadLocalRandom.current().nextInt(n)));
                    }
                }));
            }
            long hits = reader.stats().count(Counter.NEAR_HITS);
            // Load until both writers wrote a few thousand times and the readers were served from memory as often.
            await(() -> kompressWrites.get() >= 2000 && version.get() - kompressWrites.get() >= 2000
                && reader.stats().count(Counter.NEAR_HITS) >= hits + 2000,
                    "2 000 writes of each writer and 2 000 near hits");
            stop.set(true);
            for (Thread t : threads) {
                t.join(WAIT.toMillis());
            }
            redis.awaitReplication();
            Map<String, String> truth;
            try (Jedis j = redis.primary().connect()) {
                truth = j.hgetAll(KEY);
            }
            // Every report is in once the stream has passed a later write: a Kompress write of a marker field.
            long invalidations = reader.stats().count(Counter.NEAR_INVALIDATIONS);
            writer.hset(KEY, "marker", json("0", 0));
            await(() -> reader.stats().count(Counter.NEAR_INVALIDATIONS) >= invalidations + 3,
                "the marker's reports from 3 nodes");
            int stale = 0;
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String f = String.valueOf(i);
                String expected = truth.get(f);
                Item got = read(reader, f);
                boolean same = expected == null ? got.version() == 0 && got.id() == i
                    : expected.equals(json(String.valueOf(got.id()), got.version()));
                if (!same) {
                    stale++;
                    wrong.add(f + ": near " + got + ", Redis " + expected);
                }
            }
            assertEquals(0, stale, "stale near reads after every report was in: " + wrong);
            assertTrue(reader.stats().count(Counter.NEAR_HITS) > 0, reader.stats().toString());
        }
    }

    /** Foreign writes of every shape on the same fields: plain, pipelined (two fields), a script, MULTI/EXEC. */
    private static void foreignWrites(RedisGroup redis, int n, AtomicInteger version, AtomicBoolean stop) {
        try (Jedis j = redis.primary().connect()) {
            int round = 0;
            while (!stop.get()) {
                String f = String.valueOf(ThreadLocalRandom.current().nextInt(n));
                String v = json(f, version.incrementAndGet());
                switch (round++ % 4) {
                    case 0 -> j.hset(KEY, f, v);
                    case 1 -> {
                        Pipeline p = j.pipelined();
                        p.hset(KEY, f, v);
                        p.hset(KEY, String.valueOf((Integer.parseInt(f) + 1) % n), v);
                        p.sync();
                    }
                    case 2 -> j.eval("redis.call('hset', KEYS[1], ARGV[1], ARGV[2])", List.of(KEY),
                        List.of(f, v));
                    default -> {
                        Transaction t = j.multi();
                        t.hset(KEY, f, v);
                        t.exec();
                    }
                }
            }
        }
    }

    @Test
    void aValueThisJvmWroteBackIsKeptInItsNearCache() {
        try (RedisGroup redis = RedisGroup.start(1); KompressCache cache = cache(redis)) {
            read(cache, "0"); // registers the key's streams
            awaitFieldStreams(cache, 2);
            AtomicInteger loads = new AtomicInteger();
            Item loaded = cache.hgetL(KEY, "42", () -> {
                loads.incrementAndGet();
                return new Item(42, 1);
            }, ITEM, NEAR);
            long hits = cache.stats().count(Counter.NEAR_HITS);
            long before = reads(redis);
            redis.awaitReplication();
            assertEquals(loaded, cache.hgetL(KEY, "42", () -> new Item(42, 99), ITEM, NEAR));
            assertEquals(hits + 1, cache.stats().count(Counter.NEAR_HITS), "the next lookup is answered from memory");
            assertEquals(before, reads(redis), "without a Redis read");
            assertEquals(1, loads.get());
        }
    }

    @Test
    void aCallerReadsItsOwnWriteAtOnceWithReplicas() {
        try (RedisGroup redis = RedisGroup.start(2); KompressCache cache = cache(redis)) {
            for (int i = 0; i < 10; i++) {
                read(cache, String.valueOf(i));
            }
            awaitFieldStreams(cache, 3);
            int old = 0;
            for (int round = 1; round <= 300; round++) {
                String f = String.valueOf(round % 10);
                cache.hset(KEY, f, json(f, round));
                if (read(cache, f).version() != round) {
                    old++;
                }
                if (!json(f, round).equals(cache.hget(KEY, f))) {
                    old++;
                }
            }
            assertEquals(0, old, "reads that returned the value before the caller's own write");
            cache.hdel(KEY, "3");
            assertEquals(0, read(cache, "3").version(), "a deleted field is loaded again, not read back");
        }
    }

    @Test
    void aNodeThatRefusesKeyspaceEventsFallsBackToWholeKeys() {
        try (RedisGroup redis = RedisGroup.start(1, List.of("--rename-command", "CONFIG", ""));
             KompressCache writer = cache(redis);
             KompressCache reader = withoutRefills(redis)) {
            int n = 10;
            for (int i = 0; i < n; i++) {
                read(reader, String.valueOf(i));
            }
            redis.awaitReplication();
            warm(reader, n);
            await(() -> reader.stats().count(Counter.NEAR_KEY_FALLBACKS) >= 1, "the replica's refusal counted");
            Map<String, String> byNode = new java.util.HashMap<>();
            reader.health().forEach(h -> byNode.put(h.role(), h.nearInvalidation()));
            assertEquals(Map.of("primary", "fields", "replica", "keys"), byNode);
            writer.hset(KEY, "2", json("2", 4));
            await(() -> reader.stats().nearEntries() == 0, "the replica's whole-key report drops every entry");
            await(() -> read(reader, "2").version() == 4, "the new value read");
        }
    }
}
