package io.kompress.bench;

import com.google.gson.Gson;
import io.kompress.testing.RedisBinary;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Runs the whole comparison and writes {@code docs/reports/BENCHMARKS.md}: starts a primary and two replicas (pinned
 * to a CPU when {@code KOMPRESS_REDIS_CPUS} is set), loads 10 000 users, measures the {@code redis-benchmark}
 * ceiling, then runs each JMH benchmark at 1 and 8 threads for throughput (with allocation per op) and for
 * latency percentiles. The baseline runs first and last at each thread count; ratios use the mean of the two.
 */
public final class BenchmarkReport {

    private static final int[] THREADS = {1, 8};
    private static final String HIT = HitBenchmarks.class.getName();
    private static final String SPRING = SpringBenchmarks.class.getName();
    /** Default warm-up runs of 1 s each. */
    static final int WARMUPS = 5;
    private static final String[][] ORDER = {
        {HIT, "baseline"}, {HIT, "kompressHgetL"}, {HIT, "wovenHashCached"}, {HIT, "redisson"},
        {SPRING, "springKompress"}, {SPRING, "springDataRedis"}, {SPRING, "springKompressNear"},
        {HIT, "baseline"},
        {MissBenchmarks.class.getName(), "baselineMiss"}, {MissBenchmarks.class.getName(), "kompressMiss"},
        {PausedReplicaBenchmarks.class.getName(), "kompressHgetLReplicaPaused"},
    };

    private BenchmarkReport() {
    }

    /** One measured (benchmark, threads) pair. */
    record Row(String name, int threads, double opsPerSec, double opsError, double p50Us, double p99Us,
               double allocBytes) {
    }

    /**
     * Runs everything and writes the report.
     *
     * @param args the report path (default {@code docs/reports/BENCHMARKS.md})
     * @throws Exception when a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/reports/BENCHMARKS.md");
        boolean quick = "1".equals(System.getenv("KOMPRESS_BENCH_QUICK"));
        long started = System.nanoTime();
        try (RedisGroup redis = RedisGroup.start(2)) {
            populate(redis);
            Map<Integer, Double> ceiling = new HashMap<>();
            for (int t : THREADS) {
                ceiling.put(t, redisBenchmark(redis.replica(1), t));
            }
            List<String> props = forkArgs(redis);
            List<Row> rows = new ArrayList<>();
            for (int threads : THREADS) {
                for (String[] bench : ORDER) {
                    rows.add(measure(bench[0], bench[1], threads, props, quick, null));
                    try (Jedis j = redis.primary().connect()) {
                        j.del("misses");
                    }
                    redis.awaitReplication();
                }
            }
            long minutes = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            String report = Markdown.keepingSections(out,
                Markdown.report(rows, ceiling, environment(redis), minutes, quick));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report, StandardCharsets.UTF_8);
            System.out.println(report);
            System.out.println("Wrote " + out.toAbsolutePath());
        }
    }

    /** The forked benchmark JVMs' arguments: where the started Redis is, and a fixed heap. */
    static List<String> forkArgs(RedisGroup redis) {
        return List.of(
            "-D" + BenchRedis.PRIMARY + "=" + redis.primary().address(),
            "-D" + BenchRedis.REPLICAS + "=" + redis.replicasHostPort(),
            "-D" + BenchRedis.PAUSABLE_PID + "=" + redis.replica(0).pid(),
            "-Dorg.jboss.logging.provider=slf4j", "-Xms1g", "-Xmx1g");
    }

    static void populate(RedisGroup redis) {
        Gson gson = new Gson();
        try (Jedis j = redis.primary().connect()) {
            j.del("users", "misses");
            Pipeline p = j.pipelined();
            for (int id = 1; id <= BenchRedis.USERS; id++) {
                p.hset("users", String.valueOf(id), gson.toJson(User.sample(id)));
            }
            p.sync();
        }
        redis.awaitReplication();
    }

    /** Measures one benchmark; {@code param} is {@code name=value} for a {@code @Param}, or null. */
    static Row measure(String clazz, String method, int threads, List<String> props, boolean quick, String param)
        throws RunnerException {
        return measure(clazz, method, threads, props, quick, param, WARMUPS);
    }

    /** As {@link #measure(String, String, int, List, boolean, String)}, with {@code warmups} 1 s warm-up runs. */
    static Row measure(String clazz, String method, int threads, List<String> props, boolean quick, String param,
                       int warmups) throws RunnerException {
        String include = "^" + Pattern.quote(clazz + "." + method) + "$";
        ChainedOptionsBuilder t = options(include, threads, props, quick, warmups).mode(Mode.Throughput)
            .timeUnit(TimeUnit.SECONDS).addProfiler(GCProfiler.class);
        ChainedOptionsBuilder s = options(include, threads, props, quick, warmups).mode(Mode.SampleTime)
            .timeUnit(TimeUnit.MICROSECONDS);
        for (String p : param == null ? new String[0] : param.split(",")) {
            String[] kv = p.split("=", 2);
            t.param(kv[0], kv[1]);
            s.param(kv[0], kv[1]);
        }
        RunResult throughput = single(t);
        RunResult sample = single(s);
        Result<?> primary = throughput.getPrimaryResult();
        double alloc = Double.NaN;
        for (Map.Entry<String, Result> e : throughput.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                alloc = e.getValue().getScore();
            }
        }
        var stats = sample.getPrimaryResult().getStatistics();
        return new Row(method, threads, primary.getScore(), primary.getScoreError(), stats.getPercentile(50),
            stats.getPercentile(99), alloc);
    }

    private static ChainedOptionsBuilder options(String include, int threads, List<String> props, boolean quick,
                                                 int warmups) {
        int iterations = quick ? 1 : 5;
        return new OptionsBuilder().include(include).threads(threads).forks(1)
            .warmupIterations(quick ? 1 : warmups).warmupTime(TimeValue.seconds(1))
            .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
            .jvmArgsAppend(props.toArray(new String[0])).shouldFailOnError(true);
    }

    private static RunResult single(ChainedOptionsBuilder options) throws RunnerException {
        return new Runner(options.build()).runSingle();
    }

    /** {@code redis-benchmark hget users 5} on one replica with {@code clients} connections, or NaN. */
    private static double redisBenchmark(RedisProcess replica, int clients) throws IOException, InterruptedException {
        Path bin = RedisBinary.path().resolveSibling("redis-benchmark");
        if (!Files.isExecutable(bin)) {
            return Double.NaN;
        }
        List<String> cmd = new ArrayList<>();
        String clientCpus = System.getenv("KOMPRESS_BENCH_CLIENT_CPUS");
        if (clientCpus != null && !clientCpus.isBlank()) {
            cmd.addAll(List.of("taskset", "-c", clientCpus.trim())); // like the JVM: off Redis's CPU
        }
        cmd.addAll(List.of(bin.toString(), "-h", replica.host(), "-p", String.valueOf(replica.port()),
            "-c", String.valueOf(clients), "-n", String.valueOf(clients == 1 ? 100_000 : 400_000), "--csv",
            "hget", "users", "5"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : output.split("\n")) {
            String[] cells = line.replace("\"", "").split(",");
            if (cells.length > 1 && cells[0].startsWith("hget")) {
                return Double.parseDouble(cells[1]);
            }
        }
        return Double.NaN;
    }

    private static Map<String, String> environment(RedisGroup redis) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " vCPUs");
        env.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        String server = redis.primary().info("server");
        env.put("Redis", server.lines().filter(l -> l.startsWith("redis_version:")).findFirst()
            .orElse("?").substring("redis_version:".length()) + " (" + RedisBinary.description() + ")");
        String cpus = System.getenv(RedisBinary.CPUS_ENV);
        String clients = System.getenv("KOMPRESS_BENCH_CLIENT_CPUS");
        env.put("Pinning", cpus == null ? "none (servers share CPUs with the JVM)"
            : "all three Redis servers on CPU " + cpus + " (taskset); the JMH JVMs and redis-benchmark on CPU "
            + (clients == null ? "any" : clients));
        env.put("Topology", "primary + 2 replicas on 127.0.0.1; 10 000 users in hash `users`");
        return env;
    }

    private static String cpuModel() throws IOException {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.exists(info)) {
            return System.getProperty("os.arch");
        }
        return Files.readAllLines(info).stream().filter(l -> l.startsWith("model name")).findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
    }
}
