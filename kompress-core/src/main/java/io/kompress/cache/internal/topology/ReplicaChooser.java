package io.kompress.cache.internal.topology;

import io.kompress.cache.config.RedisEndpoint;
import io.kompress.cache.config.ReplicaReads;
import io.kompress.cache.internal.time.TimeSource;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks the healthy replica a read goes to, as {@link ReplicaReads} says: preferred replicas first when any is
 * healthy, then by lowest latency (power of two choices on {@link NodeLatency#cost(long)}, a coin toss when the two
 * costs are within {@value #SIMILAR}x, plus one measuring read to a replica unheard of for
 * {@link ReplicaReads#PROBE_AFTER_MILLIS}) or at random.
 */
final class ReplicaChooser {

    /** Costs within this factor of each other count as equal, so that equally fast replicas share reads. */
    static final double SIMILAR = 1.5;

    private final boolean lowestLatency;
    private final Set<RedisEndpoint> preferred;
    private final TimeSource time;
    private final long probeAfterNanos;

    ReplicaChooser(ReplicaReads reads, TimeSource time) {
        this.lowestLatency = reads.selection() == ReplicaReads.Selection.LOWEST_LATENCY;
        this.preferred = Set.copyOf(reads.preferred());
        this.time = time;
        this.probeAfterNanos = ReplicaReads.PROBE_AFTER_MILLIS * 1_000_000;
    }

    /** A healthy replica for the next read, or null when there is none. */
    Node pick(Node[] replicas) {
        if (replicas.length == 0) {
            return null;
        }
        if (!preferred.isEmpty()) {
            Node p = pickAmong(replicas, true);
            if (p != null) {
                return p;
            }
        }
        return pickAmong(replicas, false);
    }

    /** Among the healthy replicas (only the preferred ones when {@code preferredOnly}). */
    private Node pickAmong(Node[] replicas, boolean preferredOnly) {
        int n = replicas.length;
        int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
        Node first = null;
        Node second = null;
        long now = lowestLatency ? time.nanoTime() : 0;
        for (int i = 0; i < n; i++) {
            Node c = replicas[(start + i) % n];
            if (!c.isHealthy() || (preferredOnly && !preferred.contains(c.endpoint()))) {
                continue;
            }
            if (!lowestLatency) {
                return c;
            }
            if (c.latency().claimProbe(now, probeAfterNanos)) {
                return c; // unheard of for a while: measure it again, so a recovered replica gets its share back
            }
            if (first == null) {
                first = c;
            } else if (second == null) {
                second = c;
            }
        }
        if (second == null) {
            return first;
        }
        double a = first.latency().cost(now);
        double b = second.latency().cost(now);
        if (a <= b * SIMILAR && b <= a * SIMILAR) {
            return ThreadLocalRandom.current().nextBoolean() ? first : second; // alike: spread the load
        }
        return b < a ? second : first;
    }
}
