package io.kompress.cache.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a Redis Cluster can be reached and whether reads may go to replicas. With these set, each hash key's
 * slot decides its shard: writes go to the slot's master; reads go to that slot's replicas (over
 * {@code READONLY} connections) when {@link #readFromReplicas()} is on, else to the master. {@code MOVED}
 * redirections and failovers are followed by re-reading the slot map.
 *
 * <p>Keep related hashes on one shard with a hash tag: {@code users:{eu}} and {@code teams:{eu}} share a slot.
 * Immutable; built with {@link #builder()}.
 */
public final class ClusterOptions implements Deployment {

    private final List<RedisEndpoint> seeds;
    private final boolean readFromReplicas;

    private ClusterOptions(Builder b) {
        this.seeds = List.copyOf(b.seeds);
        this.readFromReplicas = b.readFromReplicas;
    }

    /**
     * Starts cluster settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The nodes asked for the slot map, in turn; any node of the cluster will do.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<RedisEndpoint> seeds() {
        return seeds;
    }

    /**
     * Whether reads go to the slot's replicas (eventually consistent) rather than its master.
     *
     * @return true when replica reads are enabled
     */
    public boolean readFromReplicas() {
        return readFromReplicas;
    }

    @Override
    public String toString() {
        return "cluster=" + seeds + ", readFromReplicas=" + readFromReplicas;
    }

    /** Collects cluster settings; not thread-safe. */
    public static final class Builder {

        private final List<RedisEndpoint> seeds = new ArrayList<>();
        private boolean readFromReplicas;

        private Builder() {
        }

        /**
         * Adds a seed node.
         *
         * @param endpoint a cluster node's address
         * @return this builder
         * @throws IllegalArgumentException when already added
         */
        public Builder seed(RedisEndpoint endpoint) {
            Objects.requireNonNull(endpoint, "seed");
            if (seeds.contains(endpoint)) {
                throw new IllegalArgumentException("cluster node " + endpoint + " is listed twice");
            }
            seeds.add(endpoint);
            return this;
        }

        /**
         * Sets whether reads go to the slot's replicas.
         *
         * @param enabled true for replica reads
         * @return this builder
         */
        public Builder readFromReplicas(boolean enabled) {
            this.readFromReplicas = enabled;
            return this;
        }

        /**
         * Makes the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException when no seed was given
         */
        public ClusterOptions build() {
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("no cluster node given (REDIS_CLUSTER_NODES)");
            }
            return new ClusterOptions(this);
        }
    }
}
