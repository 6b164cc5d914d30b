package io.kompress.cache.internal.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.RedisEndpoint;
import io.kompress.cache.config.ReplicaReads;
import io.kompress.cache.internal.time.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which replica a read goes to, on a fake ticker: lowest latency routes away from a slow replica at once, keeps
 * measuring it about once a second, and gives it its share back when it is fast again; a preferred replica takes
 * every read while healthy; random spreads reads. No server is contacted: only reply times are fed in.
 */
class ReplicaChooserTest {

    private static final long MS = 1_000_000;
    private final FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final KompressConfig config = KompressConfig.builder().primary("127.0.0.1", 1).build();
    private final Node fast = new Node(new RedisEndpoint("127.0.0.1", 2), "replica", config, false, true,
        CallEvents.NONE, time);
    private final Node slow = new Node(new RedisEndpoint("127.0.0.1", 3), "replica", config, false, true,
        CallEvents.NONE, time);
    private final Node[] replicas = {fast, slow};

    @AfterEach
    void close() {
        fast.close();
        slow.close();
    }

    /** One read through the chooser, answered by the chosen node in its current reply time. */
    private Node read(ReplicaChooser chooser, long fastNanos, long slowNanos) {
        Node n = chooser.pick(replicas);
        n.latency().begin();
        long took = n == fast ? fastNanos : slowNanos;
        time.advance(Duration.ofNanos(took));
        n.latency().end(took, time.nanoTime());
        return n;
    }

    /** Feeds {@code n} replies of {@code nanos} straight to a node's figures. */
    private void measure(Node node, long nanos, int n) {
        for (int i = 0; i < n; i++) {
            node.latency().begin();
            time.advance(Duration.ofNanos(nanos));
            node.latency().end(nanos, time.nanoTime());
        }
    }

    @Test
    void aSlowReplicaGetsOnlyItsMeasuringReadsAndThenItsShareBackWhenFastAgain() {
        ReplicaChooser chooser = new ReplicaChooser(ReplicaReads.defaults(), time);
        for (int i = 0; i < 100; i++) {
            read(chooser, MS / 10, MS / 10); // both healthy: 0.1 ms
        }
        int toSlow = 0;
        int reads = 0;
        for (long elapsed = 0; elapsed < 10_000 * MS; elapsed += MS) { // 10 s, one read per ms of fake time
            time.advance(Duration.ofNanos(MS - MS / 10));
            if (read(chooser, MS / 10, 50 * MS) == slow) {
                toSlow++;
            }
            reads++;
        }
        assertTrue(toSlow <= 12, "one measuring read a second (or so), got " + toSlow + " of " + reads);
        assertTrue(toSlow >= 5, "still measured: " + toSlow);

        int recoveredAfter = -1;
        int inWindow = 0;
        for (int i = 1; i <= 20_000; i++) {
            time.advance(Duration.ofNanos(MS - MS / 10));
            inWindow += read(chooser, MS / 10, MS / 10) == slow ? 1 : 0;
            if (i % 100 == 0) {
                if (inWindow >= 30) {
                    recoveredAfter = i;
                    break;
                }
                inWindow = 0;
            }
        }
        assertTrue(recoveredAfter >= 0 && recoveredAfter <= 6_000,
            "once as fast again, the replica takes its share (30 % of 100 reads) within 6 s; took "
                + recoveredAfter + " ms");
    }

    @Test
    void equallyFastReplicasShareTheReads() {
        ReplicaChooser chooser = new ReplicaChooser(ReplicaReads.defaults(), time);
        int toSlow = 0;
        for (int i = 0; i < 2_000; i++) {
            time.advance(Duration.ofMillis(1));
            toSlow += read(chooser, MS / 10, MS / 10 + i % 7 * 1000) == slow ? 1 : 0;
        }
        assertTrue(toSlow > 700 && toSlow < 1_300, "about half: " + toSlow);
    }

    @Test
    void callsInFlightCountSoOneBusyReplicaSharesWithAnIdleOne() {
        ReplicaChooser chooser = new ReplicaChooser(ReplicaReads.defaults(), time);
        measure(fast, MS, 3);
        measure(slow, MS, 3);
        for (int i = 0; i < 3; i++) {
            fast.latency().begin(); // three calls in flight on one replica of equal speed
        }
        assertSame(slow, chooser.pick(replicas));
    }

    @Test
    void aReplicaWithCallsOutAndNoReplyForAWhileIsAvoidedBeforeItTimesOut() {
        ReplicaChooser chooser = new ReplicaChooser(ReplicaReads.defaults(), time);
        measure(fast, MS / 10, 3);
        measure(slow, MS / 10, 3);
        slow.latency().begin(); // a call that gets no answer: the replica was just paused
        time.advance(Duration.ofMillis(50));
        for (int i = 0; i < 100; i++) {
            assertSame(fast, read(chooser, MS / 10, 500 * MS), "no reply for 50 ms with a call out");
        }
    }

    @Test
    void aPreferredReplicaTakesEveryReadWhileHealthyAndTheOthersServeWhenItIsDown() {
        ReplicaChooser chooser = new ReplicaChooser(ReplicaReads.defaults().preferring(List.of(slow.endpoint())),
            time);
        for (int i = 0; i < 50; i++) {
            assertSame(slow, read(chooser, MS / 10, 5 * MS), "preferred, even if slower");
        }
        slow.markDown("test");
        assertSame(fast, chooser.pick(replicas));
        fast.markDown("test");
        assertNull(chooser.pick(replicas));
    }

    @Test
    void randomSpreadsReadsWhateverTheLatency() {
        ReplicaChooser chooser = new ReplicaChooser(ReplicaReads.of(ReplicaReads.Selection.RANDOM), time);
        int toSlow = 0;
        for (int i = 0; i < 2_000; i++) {
            if (read(chooser, MS / 10, 50 * MS) == slow) {
                toSlow++;
            }
        }
        assertTrue(toSlow > 800 && toSlow < 1_200, "about half: " + toSlow);
    }

    @Test
    void aReplicaBackFromDownIsMeasuredAfreshAndTriedFirst() {
        ReplicaChooser chooser = new ReplicaChooser(ReplicaReads.defaults(), time);
        measure(fast, MS / 10, 3);
        measure(slow, 50 * MS, 3);
        slow.markDown("test");
        slow.markUp();
        assertEquals(-1, slow.latency().averageNanos());
        assertSame(slow, chooser.pick(replicas), "unmeasured costs nothing: tried at once");
    }
}
