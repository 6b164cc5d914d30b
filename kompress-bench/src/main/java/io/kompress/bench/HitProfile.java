package io.kompress.bench;

import io.kompress.testing.RedisGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Profiles the 8-thread hit path of the hand-written baseline and of the woven method with JFR (JMH's
 * {@code jfr} profiler), then attributes every CPU sample to the library whose code it was in, innermost
 * first, and writes the table to {@code docs/reports/PROFILE.md}. Run with {@code ./run-bench.sh --profile}.
 */
public final class HitProfile {

    /** Package prefixes, checked from the innermost frame out; the first match owns the sample. */
    private static final String[][] OWNERS = {
        {"org.hibernate.validator", "validation (Hibernate Validator)"},
        {"jakarta.validation", "validation (Hibernate Validator)"},
        {"com.google.gson", "JSON parsing (Gson)"},
        {"redis.clients.jedis", "Redis client: protocol, socket, pool (Jedis, commons-pool, JDK net)"},
        {"org.apache.commons.pool2", "Redis client: protocol, socket, pool (Jedis, commons-pool, JDK net)"},
        {"sun.nio.ch", "Redis client: protocol, socket, pool (Jedis, commons-pool, JDK net)"},
        {"java.net", "Redis client: protocol, socket, pool (Jedis, commons-pool, JDK net)"},
        {"io.kompress.cache.StatsRecorder", "Kompress: statistics and listener events"},
        {"io.kompress.cache.Events", "Kompress: statistics and listener events"},
        {"io.kompress.cache.internal.StreamingModels", "JSON parsing (Kompress model reader on Gson)"},
        {"io.kompress.cache.internal.Strict", "JSON parsing (Kompress model reader on Gson)"},
        {"io.kompress.aspect", "Kompress: aspect (plan lookup, key/field templates)"},
        {"io.kompress.cache", "Kompress: routing, expiry check, read-through"},
        {"io.kompress.bench", "benchmark harness"},
        {"org.openjdk.jmh", "benchmark harness"},
    };

    private HitProfile() {
    }

    /**
     * Runs the profile.
     *
     * @param args the output file, {@code docs/reports/PROFILE.md} by default
     * @throws Exception when Redis, JMH or the recording fails
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/reports/PROFILE.md");
        Path dir = Files.createTempDirectory("kompress-profile");
        Map<String, Map<String, Integer>> byBench = new LinkedHashMap<>();
        try (RedisGroup redis = RedisGroup.start(2)) {
            BenchmarkReport.populate(redis);
            for (String bench : List.of("baseline", "wovenHashCached")) {
                new Runner(new OptionsBuilder().include("^io\\.kompress\\.bench\\.HitBenchmarks\\." + bench + "$")
                    .threads(8).forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(20).measurementTime(TimeValue.seconds(1))
                    .jvmArgs(BenchmarkReport.forkArgs(redis).toArray(new String[0]))
                    .jvmArgsAppend("-XX:FlightRecorderOptions:stackdepth=512")
                    .addProfiler("jfr", "dir=" + dir + ";configName=profile").build()).run();
                byBench.put(bench, attribute(dir.resolve("io.kompress.bench.HitBenchmarks." + bench
                    + "-Throughput").resolve("profile.jfr")));
            }
        }
        String report = markdown(byBench);
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println(report);
        System.out.println("Wrote " + out.toAbsolutePath());
    }

    private static Map<String, Integer> attribute(Path recording) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName()) || e.getStackTrace() == null) {
                continue;
            }
            counts.merge(owner(e.getStackTrace().getFrames()), 1, Integer::sum);
        }
        return counts;
    }

    private static String owner(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            for (String[] o : OWNERS) {
                if (type.startsWith(o[0])) {
                    return o[1];
                }
            }
        }
        return "other JDK code (JMH threads, GC barriers)";
    }

    private static String markdown(Map<String, Map<String, Integer>> byBench) {
        StringBuilder s = new StringBuilder("# Where the hit path spends client CPU\n\n"
            + "Generated by `./run-bench.sh --profile` (`io.kompress.bench.HitProfile`): 8 JMH threads, client JVM "
            + "pinned like the benchmarks, JFR `profile` settings (execution samples every 10 ms per running "
            + "thread), 20 s measured per contender. Each sample belongs to the innermost frame of a known "
            + "library. Threads waiting on the socket are not sampled, so these are shares of client CPU time.\n\n"
            + "| owner | baseline | woven `@HashCached` |\n|---|--:|--:|\n");
        Map<String, Integer> base = byBench.get("baseline");
        Map<String, Integer> woven = byBench.get("wovenHashCached");
        int nb = base.values().stream().mapToInt(Integer::intValue).sum();
        int nw = woven.values().stream().mapToInt(Integer::intValue).sum();
        Set<String> owners = new LinkedHashSet<>(woven.keySet());
        owners.addAll(base.keySet());
        owners.stream().sorted((a, b) -> Integer.compare(woven.getOrDefault(b, 0), woven.getOrDefault(a, 0)))
            .forEach(o -> s.append(String.format("| %s | %.1f %% | %.1f %% |%n", o,
                100.0 * base.getOrDefault(o, 0) / Math.max(1, nb),
                100.0 * woven.getOrDefault(o, 0) / Math.max(1, nw))));
        s.append(String.format("| samples | %d | %d |%n", nb, nw));
        return s.toString();
    }
}
