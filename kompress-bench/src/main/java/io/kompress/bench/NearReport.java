package io.kompress.bench;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * Measures the near cache and writes {@code docs/reports/NEAR.md}: near hits against Kompress's replica hit,
 * hand-written
 * Jedis and Redisson's {@code RLocalCachedMap} in the same run (1 and 8 threads, allocation per op), the
 * throughput under writes to the same hash, and how long an invalidation takes to reach a reader.
 */
public final class NearReport {

    private static final String HIT = HitBenchmarks.class.getName();
    private static final String NEAR = NearBenchmarks.class.getName();
    private static final String[][] ORDER = {
        {HIT, "baseline"}, {HIT, "wovenHashCached"}, {NEAR, "wovenNearHit"}, {NEAR, "nearHgetL"},
        {NEAR, "caffeineFloor"}, {NEAR, "redissonLocalCached"}, {HIT, "wovenHashCached"}, {HIT, "baseline"},
    };
    private static final int[] THREADS = {1, 2, 8};
    /** The JIT takes several seconds to settle on the near path with 8 threads on 2 CPUs: 5 s of warm-up was not. */
    private static final int WARMUPS = 10;

    private NearReport() {
    }

    /**
     * Runs everything and writes the report.
     *
     * @param args the report path (default {@code docs/reports/NEAR.md})
     * @throws Exception when a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/reports/NEAR.md");
        boolean quick = "1".equals(System.getenv("KOMPRESS_BENCH_QUICK"));
        long started = System.nanoTime();
        try (RedisGroup redis = RedisGroup.start(2)) {
            BenchmarkReport.populate(redis);
            List<String> props = BenchmarkReport.forkArgs(redis);
            List<BenchmarkReport.Row> rows = new ArrayList<>();
            for (int threads : THREADS) {
                for (String[] bench : ORDER) {
                    rows.add(BenchmarkReport.measure(bench[0], bench[1], threads, props, quick, null, WARMUPS));
                    BenchmarkReport.populate(redis);
                }
            }
            List<BenchmarkReport.Row> churn = new ArrayList<>();
            List<String> noRefill = new ArrayList<>(props);
            noRefill.add("-Dkompress.bench.nearRefill=false");
            for (String[] run : new String[][] {{"10000", "on", "redis"}, {"10000", "on", "kompress"},
                {"500", "on", "redis"}, {"500", "on", "kompress"}, {"500", "off", "redis"}}) {
                for (String rate : new String[] {"0", "10", "100"}) {
                    if ("0".equals(rate) && "kompress".equals(run[2])) {
                        continue; // no writes: the same as the other writer's row
                    }
                    BenchmarkReport.Row r = BenchmarkReport.measure(NearChurnBenchmarks.class.getName(),
                        "wovenNearUnderWrites", 8, "on".equals(run[1]) ? props : noRefill, quick,
                        "writesPerSecond=" + rate + ",hotUsers=" + run[0] + ",writer=" + run[2], WARMUPS);
                    churn.add(new BenchmarkReport.Row(run[0] + "/" + run[1] + "/" + rate + "/" + run[2], 8,
                        r.opsPerSec(), r.opsError(), r.p50Us(), r.p99Us(), r.allocBytes()));
                    BenchmarkReport.populate(redis);
                }
            }
            List<FleetWorkload.Result> fleet = new ArrayList<>();
            for (FleetWorkload.Settings s : FleetReport.rows(quick)) {
                fleet.add(FleetWorkload.run(redis, s));
            }
            BenchmarkReport.populate(redis);
            long[] latencies = invalidationLatencies(redis, quick ? 50 : 500);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            String report = markdown(rows, churn, latencies, seconds, quick)
                + "\n## On a service fleet\n\n" + FleetReport.intro() + "\n\n" + FleetReport.table(fleet);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report, StandardCharsets.UTF_8);
            System.out.println(report);
            System.out.println("Wrote " + out.toAbsolutePath());
        }
    }

    /**
     * Time from another client's HSET on the primary returning to the first near-cache read (through a replica) that
     * returns the new value, in microseconds, sorted.
     */
    static long[] invalidationLatencies(RedisGroup redis, int samples) {
        KompressConfig.Builder config = KompressConfig.builder().primary(redis.primary().host(), redis.primary().port())
            .timeout(Duration.ofMillis(500));
        for (RedisProcess r : redis.replicas()) {
            config.replica(r.host(), r.port());
        }
        CachePolicy near = CachePolicy.builder().nearCache().build();
        CacheModel<User> model = CacheModel.of(User.class);
        long[] micros = new long[samples];
        try (KompressCache cache = KompressCache.create(config.build()); Jedis writer = redis.primary().connect()) {
            User base = User.sample(77);
            String json = new com.google.gson.Gson().toJson(base);
            for (int i = 0; i < samples; i++) {
                String field = "latency";
                writer.hset("latency", field, json.replace("\"User 77\"", "\"v" + i + "\""));
                redis.awaitReplication();
                long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                long hits = cache.stats().count(Counter.NEAR_HITS);
                while (cache.stats().count(Counter.NEAR_HITS) == hits && System.nanoTime() < warmUntil) {
                    cache.hgetL("latency", field, () -> base, model, near);
                }
                String next = "\"v" + i + "-next\"";
                writer.hset("latency", field, json.replace("\"User 77\"", next));
                long written = System.nanoTime();
                while (!model.toJson(cache.hgetL("latency", field, () -> base, model, near)).contains(next)) {
                    Thread.onSpinWait();
                }
                micros[i] = (System.nanoTime() - written) / 1000;
            }
        }
        Arrays.sort(micros);
        return micros;
    }

    private static String markdown(List<BenchmarkReport.Row> rows, List<BenchmarkReport.Row> churn, long[] latencies,
                                   long seconds, boolean quick) {
        StringBuilder md = new StringBuilder("# Near cache: figures\n\n");
        md.append("Generated by `./run-bench.sh --near` on ").append(LocalDate.now()).append(" in ")
            .append(seconds / 60).append(" min ").append(seconds % 60).append(" s")
            .append(quick ? " (**quick mode: not for quoting**)" : "")
            .append(". Primary + 2 replicas on 127.0.0.1, 10 000 users in hash `users`; JMH 1 fork, ")
            .append(WARMUPS).append(" x 1 s warm-up, 5 x 1 s measurement per row. Redis runs on the last CPU; the ")
            .append("benchmark JVM may use every CPU (").append(Runtime.getRuntime().availableProcessors())
            .append(" here), so near hits, which never reach Redis, can scale with cores while replica hits share a ")
            .append("CPU with Redis. Every figure comes from this one run.\n\n");
        md.append("Contenders: `baseline` is hand-written Jedis + Gson + Hibernate Validator on a replica; "
            + "`wovenHashCached` is Kompress's woven replica hit; `wovenNearHit` is the same method with "
            + "`nearCache = true`; `nearHgetL` is the same near hit through `hgetL` (no aspect); `caffeineFloor` "
            + "is a bare Caffeine lookup of already-validated users (see below); "
            + "`redissonLocalCached` is Redisson 3.52 `RLocalCachedMap.get` (ReadMode.SLAVE, "
            + "Jackson codec) plus the same validation. Each ran twice where marked; ratios use the mean.\n\n");
        for (int threads : THREADS) {
            md.append("## ").append(threads).append(threads == 1 ? " thread" : " threads").append("\n\n");
            md.append("| contender | ops/s | x Kompress replica hit | x baseline | p50 µs | p99 µs | alloc B/op |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|\n");
            double replicaHit = mean(rows, threads, "wovenHashCached");
            double base = mean(rows, threads, "baseline");
            for (BenchmarkReport.Row r : rows) {
                if (r.threads() == threads) {
                    md.append(String.format(Locale.ROOT, "| %s | %,.0f ± %,.0f | %.1f | %.1f | %.2f | %.2f | %.0f |%n",
                        r.name(), r.opsPerSec(), r.opsError(), r.opsPerSec() / replicaHit, r.opsPerSec() / base,
                        r.p50Us(), r.p99Us(), r.allocBytes()));
                }
            }
            md.append('\n');
        }
        md.append("## Scaling\n\n");
        md.append("Near-hit throughput over the same contender's 1-thread figure (this machine has ")
            .append(Runtime.getRuntime().availableProcessors()).append(" CPUs):\n\n");
        md.append("| contender |");
        for (int threads : THREADS) {
            md.append(' ').append(threads).append(threads == 1 ? " thread |" : " threads |");
        }
        md.append("\n|---|").append("---:|".repeat(THREADS.length)).append('\n');
        for (String name : new String[] {"wovenNearHit", "nearHgetL", "redissonLocalCached"}) {
            md.append("| ").append(name).append(" |");
            double one = mean(rows, 1, name);
            for (int threads : THREADS) {
                md.append(String.format(Locale.ROOT, " %.2fx |", mean(rows, threads, name) / one));
            }
            md.append('\n');
        }
        md.append('\n');
        floorTable(md, rows);
        md.append("## Throughput under writes to the same hash (8 threads)\n\n");
        md.append("A writer rewrites one random user N times a second while 8 threads read either all 10 000 "
            + "users or a hot set of the first 500. Writer `redis` is another client: each of its writes drops every "
            + "near entry of `users` in every JVM; those hit since they were kept, at most 1 000 per report, are read "
            + "back in one `HMGET` (a refill), the rest on their next read. Writer `kompress` is another Kompress "
            + "cache instance: each of its writes drops only the written field. The last rows turn refills off "
            + "(`KOMPRESS_NEAR_CACHE_REFILL=false`) for the same hot set and the other client.\n\n");
        md.append("| users read | writer | refills | writes/s | ops/s | x no writes | x refills off |\n"
            + "|---:|---|---|---:|---:|---:|---:|\n");
        for (BenchmarkReport.Row r : churn) {
            String[] run = r.name().split("/");
            double calm = find(churn, run[0] + "/" + run[1] + "/0/redis");
            double off = "redis".equals(run[3]) ? find(churn, run[0] + "/off/" + run[2] + "/redis") : Double.NaN;
            md.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %,.0f ± %,.0f | %.2f | %s |%n",
                Integer.parseInt(run[0]), run[3], run[1], run[2], r.opsPerSec(), r.opsError(), r.opsPerSec() / calm,
                Double.isNaN(off) ? "-" : String.format(Locale.ROOT, "%.2f", r.opsPerSec() / off)));
        }
        md.append("\n## Invalidation latency\n\n");
        md.append(String.format(Locale.ROOT, "From another client's `HSET` on the primary returning to the first "
            + "near-cache read through a replica that returns the new value, %d samples: **p50 %d µs, p99 %d µs, "
            + "max %d µs**.%n", latencies.length, pct(latencies, 50), pct(latencies, 99),
            latencies[latencies.length - 1]));
        return md.toString();
    }

    /** The near hits over the Caffeine floor, per thread count. */
    private static void floorTable(StringBuilder md, List<BenchmarkReport.Row> rows) {
        md.append("## Against the in-process floor\n\n");
        md.append("`caffeineFloor` is a bare Caffeine `getIfPresent` of an already-validated user, the same keys (the "
            + "very `String` instances it was filled with) in a cache of the same kind (bounded by weight, W-TinyLFU): "
            + "what any in-process cache pays at least. Near hits over it:\n\n| contender |");
        for (int threads : THREADS) {
            md.append(' ').append(threads).append(threads == 1 ? " thread |" : " threads |");
        }
        md.append("\n|---|").append("---:|".repeat(THREADS.length)).append('\n');
        for (String name : new String[] {"wovenNearHit", "nearHgetL"}) {
            md.append("| ").append(name).append(" |");
            for (int threads : THREADS) {
                md.append(String.format(Locale.ROOT, " %.2fx |", mean(rows, threads, name)
                    / mean(rows, threads, "caffeineFloor")));
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double mean(List<BenchmarkReport.Row> rows, int threads, String name) {
        return rows.stream().filter(r -> r.threads() == threads && r.name().equals(name))
            .mapToDouble(BenchmarkReport.Row::opsPerSec).average().orElse(Double.NaN);
    }

    /** The throughput of the churn row named {@code name}, or NaN when that row was not run. */
    private static double find(List<BenchmarkReport.Row> churn, String name) {
        return churn.stream().filter(c -> c.name().equals(name)).mapToDouble(BenchmarkReport.Row::opsPerSec)
            .findFirst().orElse(Double.NaN);
    }
}
