package io.kompress.demo;

import io.kompress.cache.KompressCache;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The demo's guided tour, printed as a table: a miss then a hit, which node served the reads, a replica
 * killed, a model change refreshing a stale entry, an entry expiring, and Redis stopped (fail-open, then the
 * throwing policy); then the cache's statistics.
 * Steps that kill processes run only when the demo started its own Redis; on the user's Redis the demo's
 * hashes ({@link RedisSetup#KEYS}) are removed at the start and the end.
 */
final class Walkthrough {

    private static final long ID = 42;

    private final RedisSetup redis;
    private final UserDatabase database = new UserDatabase();
    private final UserService service = new UserService(database);
    private final PrintStream out;
    private int step;

    Walkthrough(RedisSetup redis, PrintStream out) {
        this.redis = redis;
        this.out = out;
    }

    void run() {
        KompressCache.setDefault(redis.cache());
        redis.clearDemoKeys(); // a second run on the same Redis starts from the same misses
        out.println("Kompress Cache demo on " + redis.describe());
        out.println();
        out.printf("%-3s %-47s %-52s %10s %4s%n", "#", "step", "result", "time", "db");
        out.println("-".repeat(120));
        Map<String, Long> before = hgetCounts();
        timed("find(42), first call (includes JVM warm-up)", () -> service.find(ID));
        redis.local().ifPresent(RedisGroup::awaitReplication);
        timed("find(42), second call", () -> service.find(ID));
        row("HMGETs per node for those two calls", servedBy(before), "", "");
        redis.local().ifPresentOrElse(this::killAReplica, () -> skipped("kill a replica"));
        timed("model gains required 'tier': findV2(42)", () -> service.findV2(ID));
        redis.local().ifPresent(RedisGroup::awaitReplication);
        timed("findV2(42) again", () -> service.findV2(ID));
        showExpiry();
        redis.local().ifPresentOrElse(this::stopRedis, () -> {
            skipped("stop Redis");
            redis.clearDemoKeys(); // the user's Redis is left as it was found
        });
        out.println();
        out.println("db = database queries so far: only misses, expired and invalid entries reach the database.");
        printStats(KompressCache.get().stats());
    }

    private void showExpiry() {
        timed("ttl = 300ms: findRecent(42)", () -> service.findRecent(ID));
        redis.local().ifPresent(RedisGroup::awaitReplication);
        timed("findRecent(42) again", () -> service.findRecent(ID));
        try {
            Thread.sleep(350);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timed("350 ms later: findRecent(42)", () -> service.findRecent(ID), "expired -> loaded from the database");
    }

    private void printStats(CacheStats stats) {
        out.println();
        out.println("cache.stats(): " + stats);
        stats.byKey().forEach((key, s) -> out.printf("  %-12s hits=%d misses=%d expired=%d invalid=%d loads=%d "
                + "replicaCalls=%d primaryCalls=%d failovers=%d errors=%d%n", key, s.count(Counter.HITS),
                    s.count(Counter.MISSES), s.count(Counter.EXPIRED),
            s.count(Counter.INVALID), s.count(Counter.LOADS), s.count(Counter.REPLICA_CALLS),
                s.count(Counter.PRIMARY_CALLS), s.count(Counter.REPLICA_FAILOVERS),
            s.count(Counter.UNAVAILABLE_ERRORS) + s.count(Counter.TIMEOUT_ERRORS) + s.count(Counter.OTHER_ERRORS)));
    }

    private void killAReplica(RedisGroup group) {
        RedisProcess victim = group.replica(0);
        victim.kill();
        int correct = 0;
        long worstNanos = 0;
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            User u = service.find(ID);
            worstNanos = Math.max(worstNanos, System.nanoTime() - start);
            correct += u != null && u.id() == ID ? 1 : 0;
        }
        row("replica " + victim.address() + " killed; 10 x find(42)",
            correct + "/10 correct, served by the other nodes", "max " + format(worstNanos), db());
    }

    private void stopRedis(RedisGroup group) {
        group.replicas().forEach(RedisProcess::kill);
        group.primary().kill();
        timed("Redis stopped (all nodes): find(7)", () -> service.find(7), "Redis down -> answered by the database");
        long start = System.nanoTime();
        String result;
        try {
            service.findOrFail(7);
            result = "answered (unexpected)";
        } catch (KompressCacheException e) {
            result = e.getClass().getSimpleName() + " -> HTTP " + e.statusCode();
        }
        row("same with onRedisError = THROW: findOrFail(7)", result, format(System.nanoTime() - start), db());
    }

    private void timed(String what, Supplier<Object> call) {
        timed(what, call, "miss -> loaded from the database");
    }

    private void timed(String what, Supplier<Object> call, String whenLoaded) {
        int queriesBefore = database.queries();
        long start = System.nanoTime();
        Object value = call.get();
        long nanos = System.nanoTime() - start;
        String outcome = database.queries() > queriesBefore ? whenLoaded : "hit";
        row(what, outcome + " (" + (value == null ? "null" : value.getClass().getSimpleName()) + ")",
            format(nanos), db());
    }

    private void skipped(String what) {
        row(what, "skipped: needs the demo's own local Redis (unset the REDIS_* variables)", "", db());
    }

    private String db() {
        return String.valueOf(database.queries());
    }

    private void row(String what, String result, String time, String db) {
        out.printf("%-3d %-47s %-52s %10s %4s%n", ++step, what, result, time, db);
    }

    private Map<String, Long> hgetCounts() {
        Map<String, Long> counts = new HashMap<>();
        for (RedisProcess node : redis.nodes()) {
            counts.put(node.address(), node.commandCalls("hmget"));
        }
        return counts;
    }

    private String servedBy(Map<String, Long> before) {
        List<RedisProcess> nodes = redis.nodes();
        if (nodes.isEmpty()) {
            return "n/a for a configured Redis";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            RedisProcess node = nodes.get(i);
            long n = node.commandCalls("hmget") - before.get(node.address());
            sb.append(i == 0 ? "primary " : ", replica" + i + " ").append(n);
        }
        return sb.toString();
    }

    static String format(long nanos) {
        return nanos >= 1_000_000 ? String.format("%.1f ms", nanos / 1e6) : String.format("%d us", nanos / 1000);
    }
}
