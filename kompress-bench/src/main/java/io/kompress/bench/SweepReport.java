package io.kompress.bench;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.RedisGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import redis.clients.jedis.Jedis;

/**
 * Measures the expiry sweep ({@code ./run-bench.sh --sweep}, about 7 minutes) and writes {@code docs/reports/SWEEP.md}:
 * how long one cache takes to clean a hash of 100 000 expired entries, and hit latency percentiles while it
 * sweeps against the same hits with the sweep off, measured in the same run (off, on, off, on, off; the ratio is
 * the mean p99 of the on runs over the mean p99 of the off runs).
 */
public final class SweepReport {

    private static final int[] THREADS = {1, 8};
    private static final String[] ORDER = {"off", "on", "off", "on", "off"};

    private SweepReport() {
    }

    /** One JMH SampleTime row. */
    record Row(String sweep, int threads, double p50Us, double p99Us, double p999Us, long samples) {
    }

    /**
     * Runs the measurement and writes the report.
     *
     * @param args the report path (default {@code docs/reports/SWEEP.md})
     * @throws Exception when a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/reports/SWEEP.md");
        boolean quick = "1".equals(System.getenv("KOMPRESS_BENCH_QUICK"));
        try (RedisGroup redis = RedisGroup.start(2)) {
            if (redis.primary().hasFieldExpiry()) {
                throw new IllegalStateException("this server expires hash fields itself; the sweep never runs on it. "
                    + "Run with a Redis before 7.4 (KOMPRESS_REDIS_SERVER)");
            }
            BenchmarkReport.populate(redis);
            List<String> props = new ArrayList<>(BenchmarkReport.forkArgs(redis));
            System.setProperty(BenchRedis.PRIMARY, redis.primary().address());
            System.setProperty(BenchRedis.REPLICAS, redis.replicasHostPort());
            List<Double> cleanSeconds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                cleanSeconds.add(cleanTime(redis));
            }
            Path log = Files.createTempFile("kompress-sweep", ".log");
            props.add("-D" + SweepBenchmarks.LOG_PROPERTY + "=" + log);
            List<Row> rows = new ArrayList<>();
            for (int threads : THREADS) {
                for (String sweep : ORDER) {
                    rows.add(measure(sweep, threads, props, quick));
                }
            }
            List<String> progress = Files.readAllLines(log);
            Files.delete(log);
            String report = report(cleanSeconds, rows, progress, redis.primary().serverVersion(), quick);
            Files.writeString(out, report, StandardCharsets.UTF_8);
            System.out.println(report);
            System.out.println("Wrote " + out.toAbsolutePath());
        }
    }

    /** Seconds from the first expiring write until a sweeping cache has removed all 100 000 expired entries. */
    private static double cleanTime(RedisGroup redis) throws InterruptedException {
        String hash = "sweep:clean";
        ExpiredEntries.fill(hash, SweepBenchmarks.EXPIRED);
        KompressConfig.Builder config = KompressConfig.builder().primary(BenchRedis.primary().host(),
            BenchRedis.primary().port())
            .timeout(Contenders.TIMEOUT).sweepInterval(Duration.ofMillis(1));
        BenchRedis.replicas().forEach(r -> config.replica(r.host(), r.port()));
        try (KompressCache cache = KompressCache.create(config.build())) {
            long start = System.nanoTime();
            cache.hgetL(hash, "seed", () -> User.sample(1), CacheModel.of(User.class),
                CachePolicy.builder().ttl(Duration.ofHours(1)).build());
            while (cache.stats().count(Counter.SWEPT_ENTRIES) < SweepBenchmarks.EXPIRED) {
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("the sweep removed only "
                        + cache.stats().count(Counter.SWEPT_ENTRIES) + " entries in 5 minutes");
                }
                Thread.sleep(10);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            try (Jedis j = redis.primary().connect()) {
                long left = j.hlen(hash);
                if (left != 2) {
                    throw new IllegalStateException("expected the seed entry's two fields to be left, found " + left);
                }
                j.del(hash);
            }
            return seconds;
        }
    }

    private static Row measure(String sweep, int threads, List<String> props, boolean quick) throws Exception {
        String include = "^" + Pattern.quote(SweepBenchmarks.class.getName() + ".hitWhileSweeping") + "$";
        RunResult r = new Runner(new OptionsBuilder().include(include).param("sweep", sweep).threads(threads)
            .forks(1).mode(Mode.SampleTime).timeUnit(TimeUnit.MICROSECONDS)
            .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
            .measurementIterations(quick ? 1 : 5).measurementTime(TimeValue.seconds(1))
            .jvmArgsAppend(props.toArray(new String[0])).shouldFailOnError(true).build()).runSingle();
        var stats = r.getPrimaryResult().getStatistics();
        return new Row(sweep, threads, stats.getPercentile(50), stats.getPercentile(99), stats.getPercentile(99.9),
            stats.getN());
    }

    private static String report(List<Double> clean, List<Row> rows, List<String> progress, String version,
                                 boolean quick) {
        StringBuilder md = new StringBuilder("# Expiry sweep\n\n");
        md.append("Generated by `./run-bench.sh --sweep` on ").append(LocalDate.now())
            .append(quick ? " (**quick mode: not for quoting**)" : "").append(" against ").append(version)
            .append(", which has no per-field expiry, so expired entries stay in the hash until the sweep removes "
                + "them. Primary + 2 replicas on 127.0.0.1; every figure below comes from that one run.\n\n");
        md.append("## Cleaning 100 000 expired entries\n\n");
        md.append("One cache with `sweepInterval` 1 ms; a hash holding 100 000 expired entries (200 000 fields) and "
            + "one fresh entry that must survive. Time from the cache's first expiring write to the last expired "
            + "entry removed (pages of 20 fields; after each page the sweep pauses nine times as long as the page "
            + "took, 2 ms to 500 ms):\n\n");
        for (int i = 0; i < clean.size(); i++) {
            md.append("- run ").append(i + 1).append(": ").append(fmt(clean.get(i))).append(" s\n");
        }
        md.append("\n## Hit latency while sweeping\n\n");
        md.append("`hgetL` hits on the replicas (10 000 users) while the primary sweeps a freshly refilled hash of "
            + "100 000 expired entries (`on`, interval 10 ms), against the same hits and the same refill with the "
            + "sweep off. JMH SampleTime, 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement; order off, on, off, on, off; "
            + "the ratio is the mean p99 of the on runs over the mean p99 of the off runs (shown on the last row "
            + "of each thread count), and the spread of the off runs is the noise floor.\n\n");
        md.append("| threads | sweep | p50 µs | p99 µs | p99.9 µs | samples | p99 x off |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|\n");
        for (int threads : THREADS) {
            double off = meanP99(rows, threads, "off");
            double on = meanP99(rows, threads, "on");
            for (Row r : rows) {
                if (r.threads() == threads) {
                    md.append("| ").append(threads).append(" | ").append(r.sweep()).append(" | ")
                        .append(fmt(r.p50Us())).append(" | ").append(fmt(r.p99Us())).append(" | ")
                        .append(fmt(r.p999Us())).append(" | ").append(r.samples()).append(" | ")
                        .append(r.sweep().equals("on") ? fmt(r.p99Us() / off) : "").append(" |\n");
                }
            }
            double offMin = rows.stream().filter(r -> r.threads() == threads && r.sweep().equals("off"))
                .mapToDouble(Row::p99Us).min().orElse(Double.NaN);
            double offMax = rows.stream().filter(r -> r.threads() == threads && r.sweep().equals("off"))
                .mapToDouble(Row::p99Us).max().orElse(Double.NaN);
            md.append("| ").append(threads).append(" | **mean on / mean off** | | ").append(fmt(on)).append(" / ")
                .append(fmt(off)).append(" | | off spread ").append(fmt(offMax / offMin)).append("x | **")
                .append(fmt(on / off)).append("** |\n");
        }
        long busy = progress.stream().filter(l -> l.startsWith("on ") && !l.contains("swept=0 ")
            && !l.endsWith("fieldsLeft=2")).count();
        long on = progress.stream().filter(l -> l.startsWith("on ")).count();
        md.append("\nSweep progress at the end of each `on` iteration (warm-up included): the sweep removed entries "
            + "and was still working at the end of ").append(busy).append(" of ").append(on)
            .append(" iterations.\n\n```\n");
        progress.stream().filter(l -> l.startsWith("on ")).forEach(l -> md.append(l).append('\n'));
        md.append("```\n");
        return md.toString();
    }

    private static double meanP99(List<Row> rows, int threads, String sweep) {
        return rows.stream().filter(r -> r.threads() == threads && r.sweep().equals(sweep))
            .mapToDouble(Row::p99Us).average().orElse(Double.NaN);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }
}
