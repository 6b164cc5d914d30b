package io.kompress.cache.internal.topology;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.ClusterOptions;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.RedisEndpoint;
import io.kompress.cache.config.SentinelOptions;
import io.kompress.cache.internal.time.SystemTime;
import io.kompress.testing.DelayProxy;
import io.kompress.testing.RedisCluster;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisSentinels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing a Sentinel or Cluster topology while its discovery is in the middle of a call returns promptly. The
 * Sentinel case is forced: the Sentinel's reply is held at a proxy until {@code close()} has started, then let
 * through, which is exactly when the poll hands its answer to the topology. Before the fix this deadlocked every
 * time (close held the topology's monitor and waited for the watcher's; the poll held the watcher's and waited for
 * the topology's).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CloseDuringDiscoveryTest {

    private static final String MASTER = "close-test";
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(10);

    private static RedisGroup group;
    private static RedisSentinels sentinels;

    @BeforeAll
    static void start() {
        group = RedisGroup.start(1);
        sentinels = RedisSentinels.start(group, MASTER, 1);
    }

    @AfterAll
    static void stop() {
        if (sentinels != null) {
            sentinels.close();
        }
        if (group != null) {
            group.close();
        }
    }

    private static KompressConfig sentinelConfig(int port, Duration poll) {
        return KompressConfig.builder()
            .sentinel(SentinelOptions.builder().node("127.0.0.1", port).master(MASTER).pollInterval(poll).build())
            .timeout(Duration.ofSeconds(5))
            .build();
    }

    @Test
    void closeWhileTheSentinelPollIsHandingOverItsAnswerReturns() throws Exception {
        int sentinelPort = sentinels.processes().get(0).port();
        for (int i = 0; i < 10; i++) {
            try (DelayProxy proxy = DelayProxy.to(sentinelPort)) {
                SentinelTopology topology = new SentinelTopology(sentinelConfig(proxy.port(), Duration.ofMillis(5)),
                    CallEvents.NONE, SystemTime.INSTANCE);
                proxy.holdReplies();
                assertTrue(proxy.awaitHeldReply(Duration.ofSeconds(30)), "a poll reached the Sentinel");
                Thread closer = new Thread(topology::close, "closer");
                closer.start();
                awaitBlockedOrDone(closer);
                proxy.releaseReplies(); // the poll now gets its answer and hands it to the closing topology
                closer.join(CLOSE_BOUND.toMillis());
                assertFalse(closer.isAlive(), () -> "close() did not return within " + CLOSE_BOUND + "\n" + dump());
            }
        }
    }

    @Test
    void closeAtAnyPointOfAFastSentinelPollReturns() throws Exception {
        int sentinelPort = sentinels.processes().get(0).port();
        for (int i = 0; i < 150; i++) {
            SentinelTopology topology = new SentinelTopology(sentinelConfig(sentinelPort, Duration.ofMillis(1)),
                CallEvents.NONE, SystemTime.INSTANCE);
            spinMicros(ThreadLocalRandom.current().nextInt(2_000));
            Thread closer = new Thread(topology::close, "closer");
            closer.start();
            closer.join(CLOSE_BOUND.toMillis());
            assertFalse(closer.isAlive(), () -> "close() did not return within " + CLOSE_BOUND + "\n" + dump());
        }
    }

    @Test
    void closeWhileSlotMapRefreshesRunReturns() throws Exception {
        Assumptions.assumeTrue(RedisCluster.cliAvailable(), "redis-cli is needed to create a cluster");
        try (RedisCluster cluster = RedisCluster.start(3)) {
            cluster.awaitOk();
            ClusterOptions.Builder options = ClusterOptions.builder();
            Arrays.stream(cluster.seeds().split(",")).map(RedisEndpoint::parse).forEach(options::seed);
            KompressConfig config = KompressConfig.builder().cluster(options.build()).build();
            for (int i = 0; i < 60; i++) {
                ClusterTopology topology = new ClusterTopology(config, CallEvents.NONE, SystemTime.INSTANCE);
                AtomicBoolean stop = new AtomicBoolean();
                Thread refresher = new Thread(() -> {
                    while (!stop.get()) {
                        topology.refresh();
                    }
                }, "refresher");
                refresher.start();
                spinMicros(ThreadLocalRandom.current().nextInt(3_000));
                Thread closer = new Thread(topology::close, "closer");
                closer.start();
                closer.join(CLOSE_BOUND.toMillis());
                stop.set(true);
                refresher.join(CLOSE_BOUND.toMillis());
                assertFalse(closer.isAlive(), () -> "close() did not return within " + CLOSE_BOUND + "\n" + dump());
                assertFalse(refresher.isAlive(), () -> "a refresh hung after close\n" + dump());
            }
        }
    }

    /** Waits until the closer is parked on something (a monitor, a join) or has finished. */
    private static void awaitBlockedOrDone(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Thread.State s = t.getState();
            if (s == Thread.State.TERMINATED || s == Thread.State.BLOCKED) {
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        throw new AssertionError("the closer neither finished nor blocked: " + t.getState());
    }

    private static void spinMicros(long micros) {
        long end = System.nanoTime() + micros * 1000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static String dump() {
        return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(true, true))
            .map(ThreadInfo::toString).collect(Collectors.joining());
    }
}
