package io.kompress.cache.internal;

import io.kompress.cache.KompressConfig;

/** Creates the {@link Topology} a configuration describes. */
public final class Topologies {

    private Topologies() {
    }

    /**
     * Creates the topology; connects lazily, so an unreachable Redis does not fail this call.
     *
     * @param config the configuration
     * @return the topology
     */
    public static Topology create(KompressConfig config) {
        if (config.sentinel().isPresent()) {
            return new SentinelTopology(config);
        }
        return config.cluster().isPresent() ? new ClusterTopology(config) : new StandaloneTopology(config);
    }
}
