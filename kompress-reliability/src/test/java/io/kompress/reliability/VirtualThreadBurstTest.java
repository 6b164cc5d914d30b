package io.kompress.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A burst of {@value #VIRTUAL} virtual threads, each making {@value #CALLS} woven {@code @HashCached} hits on the
 * default pool of 16 connections per node and the default timeout, against {@value #PLATFORM} platform threads
 * doing the same work: waiting for a connection must never look like a dead node, fail a call, or fail over.
 * Runs where the JDK has virtual threads (21+; CI runs it on JDK 25) and records JFR's
 * {@code jdk.VirtualThreadPinned} events while the burst runs; an event counts against the library when a frame
 * of it (or of Jedis or its pool) is on the pinned stack and the pin is not the JDK waiting for one of its own
 * classes to initialise. Both kinds of thread are warmed first (the platform threads with a half-size run,
 * the virtual threads with a fifth-size burst, which also loads the classes of the queued path: a virtual thread
 * that loads a class pins on JDK 25, once per class). The throughput ratio is logged, not asserted.
 * {@code BURST_TIMEOUT_MS} in the environment sets a shorter timeout, to reproduce the figures in the README.
 */
@Tag("reliability")
class VirtualThreadBurstTest {

    static final int VIRTUAL = 10_000;
    static final int PLATFORM = 16;
    static final int CALLS = 50;
    private static final int FIELDS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(VirtualThreadBurstTest.class);

    @Test
    void tenThousandVirtualThreadsQueueForConnectionsWithNoErrorsFailoversOrPinning() throws Exception {
        ExecutorService virtual = virtualThreadExecutor();
        assumeTrue(virtual != null, "virtual threads need JDK 21+; this is " + Runtime.version());
        try (RedisGroup group = RedisGroup.start(2)) {
            KompressConfig.Builder config = KompressConfig.builder()
                .primary(group.primary().host(), group.primary().port());
            String timeoutMs = System.getenv("BURST_TIMEOUT_MS"); // to reproduce the shorter-timeout figures
            if (timeoutMs != null) {
                config.timeout(java.time.Duration.ofMillis(Long.parseLong(timeoutMs)));
            }
            for (RedisProcess r : group.replicas()) {
                config.replica(r.host(), r.port());
            }
            KompressCache cache = KompressCache.create(config.build());
            KompressCache.setDefault(cache);
            try {
                ProfileService service = new ProfileService();
                for (long id = 0; id < FIELDS; id++) {
                    service.find(id);
                }
                group.awaitReplication();
                long loadsBefore = service.loads();

                ExecutorService platform = Executors.newFixedThreadPool(PLATFORM);
                Run warm = burst(platform, PLATFORM, VIRTUAL * CALLS / PLATFORM / 2, service);
                Run platformRun = burst(platform, PLATFORM, VIRTUAL * CALLS / PLATFORM, service);
                platform.shutdown();

                // warmed like the platform threads: the queued path's classes load before the recording, since a
                // virtual thread loading a class pins (JDK 25) whatever code first uses it
                Run virtualWarm = burst(virtual, VIRTUAL / 5, CALLS / 5, service);
                Path jfr = Files.createTempFile("kompress-burst", ".jfr");
                Run virtualRun;
                try (Recording recording = new Recording()) {
                    recording.enable("jdk.VirtualThreadPinned").withStackTrace().withThreshold(
                        java.time.Duration.ofMillis(1));
                    recording.start();
                    virtualRun = burst(virtual, VIRTUAL, CALLS, service);
                    recording.stop();
                    recording.dump(jfr);
                }
                virtual.shutdown();
                List<String> pinnedByLibrary = pinnedInLibraryCode(jfr);
                long pinnedTotal = RecordingFile.readAllEvents(jfr).size();
                Files.delete(jfr);

                CacheStats stats = cache.stats();
                double ratio = virtualRun.callsPerSecond() / platformRun.callsPerSecond();
                LOG.info("Virtual-thread burst: {} virtual threads x {} hits in {} ms ({} calls/s), {} platform "
                        + "threads {} ms ({} calls/s; warm-up {} ms, virtual {} ms): ratio {}; errors {}, wrong {}, "
                        + "failovers {}, "
                        + "pool waits {}, pool timeouts {}, loads {}, pinned events {} ({} in library code)",
                    VIRTUAL, CALLS, virtualRun.millis(), (long) virtualRun.callsPerSecond(), PLATFORM,
                    platformRun.millis(), (long) platformRun.callsPerSecond(), warm.millis(), virtualWarm.millis(),
                    String.format("%.2f", ratio), virtualRun.errors(), virtualRun.wrong(),
                        stats.count(Counter.REPLICA_FAILOVERS),
                    stats.count(Counter.POOL_WAITS), stats.count(Counter.POOL_TIMEOUTS),
                        service.loads() - loadsBefore, pinnedTotal,
                    pinnedByLibrary);
                String report = System.getProperty("kompress.burst.report", "");
                if (!report.isBlank()) {
                    Report.writeSection(Path.of(report), "burst", section(timeoutMs, virtualRun, platformRun, stats,
                        service.loads() - loadsBefore, pinnedTotal, pinnedByLibrary));
                }
                assertEquals(0, virtualRun.errors() + virtualWarm.errors() + platformRun.errors(), "calls that threw");
                assertEquals(0, virtualRun.wrong() + platformRun.wrong(), "wrong values");
                assertEquals(0, stats.count(Counter.REPLICA_FAILOVERS), "a busy pool is not a dead replica");
                assertEquals(0, stats.count(Counter.UNAVAILABLE_ERRORS) + stats.count(Counter.TIMEOUT_ERRORS),
                    stats.toString());
                assertEquals(0, service.loads() - loadsBefore, "every call a hit: nothing failed open");
                assertTrue(pinnedByLibrary.isEmpty(), "pinned in library code: " + pinnedByLibrary);
            } finally {
                KompressCache.setDefault(null);
                cache.close();
            }
        }
    }

    /** The figures of a run as the fault matrix document's section on virtual threads. */
    private static String section(String timeoutMs, Run virtualRun, Run platformRun, CacheStats stats, long loads,
                                  long pinnedTotal, List<String> pinnedByLibrary) {
        return String.format("""
            ## Virtual-thread burst

            Generated by `VirtualThreadBurstTest` on Java %s (`./run-reliability.sh` runs it on the JDK 25 under \
            `/usr/lib/jvm`). No fault: %d virtual threads each make %d woven `@HashCached` hits (%d fields, all \
            cached) on the default pool of 16 connections per node, primary + 2 replicas, `REDIS_TIMEOUT` %s; \
            then the same %d hits from %d platform threads, which never wait for a connection. Both are warmed \
            first. Lookups queued for a connection ride along in the pipeline of the caller ahead of them \
            ([RESILIENCE.md](RESILIENCE.md)). Machine: %d CPUs.

            | threads | ms | calls/s | errors | wrong values | failovers | pool waits | pool timeouts | loads |
            |---|--:|--:|--:|--:|--:|--:|--:|--:|
            | %d virtual | %d | %d | %d | %d | %d | %d | %d | %d |
            | %d platform | %d | %d | %d | %d | – | – | – | – |

            Virtual ÷ platform throughput: **%.2fx** (target: at least 0.9x). JFR `jdk.VirtualThreadPinned` \
            events during the virtual burst: %d, of them in library code (this library, Jedis, its pool): %d. \
            Failovers, pool waits, pool timeouts and loads count the whole test, warm-ups included. The suite \
            fails on any error, wrong value, failover, load or pin in library code.
            """, System.getProperty("java.version"), VIRTUAL, CALLS, FIELDS,
            timeoutMs == null ? "default (" + KompressConfig.DEFAULT_TIMEOUT.toMillis() + " ms)" : timeoutMs + " ms",
            VIRTUAL * CALLS, PLATFORM,
            Runtime.getRuntime().availableProcessors(),
            VIRTUAL, virtualRun.millis(), (long) virtualRun.callsPerSecond(), virtualRun.errors(), virtualRun.wrong(),
            stats.count(Counter.REPLICA_FAILOVERS), stats.count(Counter.POOL_WAITS),
                stats.count(Counter.POOL_TIMEOUTS), loads,
            PLATFORM, platformRun.millis(), (long) platformRun.callsPerSecond(), platformRun.errors(),
            platformRun.wrong(), virtualRun.callsPerSecond() / platformRun.callsPerSecond(), pinnedTotal,
            pinnedByLibrary.size());
    }

    /** What one burst did. */
    record Run(long millis, long calls, long errors, long wrong) {
        double callsPerSecond() {
            return calls * 1000.0 / Math.max(1, millis);
        }
    }

    private static Run burst(ExecutorService executor, int tasks, int callsEach, ProfileService service)
        throws Exception {
        LongAdder errors = new LongAdder();
        LongAdder wrong = new LongAdder();
        List<Future<?>> done = new ArrayList<>(tasks);
        long start = System.nanoTime();
        for (int t = 0; t < tasks; t++) {
            int seed = t;
            done.add(executor.submit(() -> {
                for (int i = 0; i < callsEach; i++) {
                    long id = (seed * 31L + i) % FIELDS;
                    try {
                        if (!Profile.expected(id).equals(service.find(id))) {
                            wrong.increment();
                        }
                    } catch (RuntimeException e) {
                        errors.increment();
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(10, TimeUnit.MINUTES);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Run(millis, (long) tasks * callsEach, errors.sum(), wrong.sum());
    }

    /** The JDK 21+ virtual-thread-per-task executor, or null on an older JDK (this module compiles for 17). */
    private static ExecutorService virtualThreadExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static boolean isLibrary(String type) {
        return type.startsWith("io.kompress.cache") || type.startsWith("redis.clients")
            || type.startsWith("org.apache.commons.pool2");
    }

    /** Pinned events whose stack has a frame of this library, Jedis or its pool, as {@code class.method}. */
    private static List<String> pinnedInLibraryCode(Path jfr) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getStackTrace() == null) {
                continue;
            }
            String reason = e.hasField("pinnedReason") ? String.valueOf(e.getString("pinnedReason")) : "";
            String initialising = "Waited for initialization of ";
            if (reason.startsWith(initialising) && !isLibrary(reason.substring(initialising.length()))) {
                continue; // the JDK initialising one of its own classes (such as sun.nio.ch.Poller) on first use
            }
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                String type = f.getMethod().getType().getName();
                if (isLibrary(type)) {
                    StringBuilder where = new StringBuilder(type + "." + f.getMethod().getName());
                    if (e.hasField("pinnedReason")) {
                        where.append(" (").append(e.getString("pinnedReason")).append(')');
                    }
                    where.append(" <-");
                    e.getStackTrace().getFrames().forEach(x -> where.append(' ')
                        .append(x.getMethod().getType().getName()).append('.').append(x.getMethod().getName()));
                    out.add(where.toString());
                    break;
                }
            }
        }
        return out;
    }
}
