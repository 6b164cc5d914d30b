package io.kompress.cache.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a read picks among the healthy replicas that can serve it.
 *
 * <p>{@link Selection#LOWEST_LATENCY} (the default) routes by what the client already knows: each replica keeps a
 * decaying average of its recent reply times, and a read compares two replicas drawn at random (the
 * "power of two choices") by that average times the calls it has in flight, taking the cheaper. A slow or busy
 * replica therefore stops getting reads within its first slow replies, without starving: a replica that has
 * served nothing for {@value #PROBE_AFTER_MILLIS} ms gets the next read, so a replica whose latency went away
 * wins its share back within a few of those probes. {@link Selection#RANDOM} spreads reads uniformly, ignoring
 * latency.
 *
 * <p>{@link #preferring(List)} adds availability-zone affinity: while any of the listed replicas is healthy,
 * reads go only to those (chosen among them as above); the others serve only when none of the preferred can.
 *
 * <p>Immutable.
 */
public final class ReplicaReads {

    /** How long a healthy replica may go without serving a read before one is sent to measure it again. */
    public static final long PROBE_AFTER_MILLIS = 1000;

    /** The strategies. */
    public enum Selection {
        /** Power of two choices on a decaying latency average weighted by calls in flight. */
        LOWEST_LATENCY,
        /** Uniformly random among the healthy replicas. */
        RANDOM;
    }

    private static final ReplicaReads DEFAULTS = new ReplicaReads(Selection.LOWEST_LATENCY, List.of());

    private final Selection selection;
    private final List<RedisEndpoint> preferred;

    private ReplicaReads(Selection selection, List<RedisEndpoint> preferred) {
        this.selection = selection;
        this.preferred = preferred;
    }

    /**
     * The default: lowest latency, no preferred replicas.
     *
     * @return the default
     */
    public static ReplicaReads defaults() {
        return DEFAULTS;
    }

    /**
     * A strategy with no preferred replicas.
     *
     * @param selection the strategy
     * @return the settings
     */
    public static ReplicaReads of(Selection selection) {
        return new ReplicaReads(Objects.requireNonNull(selection, "selection"), List.of());
    }

    /**
     * The same strategy, reading only from {@code replicas} while any of them is healthy.
     *
     * @param replicas replica addresses as configured or as Sentinel or Cluster report them; empty for none
     * @return new settings
     */
    public ReplicaReads preferring(List<RedisEndpoint> replicas) {
        return new ReplicaReads(selection, List.copyOf(replicas));
    }

    /**
     * The strategy.
     *
     * @return the strategy
     */
    public Selection selection() {
        return selection;
    }

    /**
     * The preferred replicas.
     *
     * @return an unmodifiable list, empty when every replica is equal
     */
    public List<RedisEndpoint> preferred() {
        return preferred;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicaReads r && r.selection == selection && r.preferred.equals(preferred);
    }

    @Override
    public int hashCode() {
        return selection.hashCode() * 31 + preferred.hashCode();
    }

    @Override
    public String toString() {
        return selection.name().toLowerCase(Locale.ROOT) + (preferred.isEmpty() ? "" : " preferring " + preferred);
    }
}
