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
     * @param events where the topology reports served calls and failovers
     * @return the topology
     */
    public static Topology create(KompressConfig config, CallEvents events) {
        if (config.sentinel().isPresent()) {
            return new SentinelTopology(config, events);
        }
        return config.cluster().isPresent() ? new ClusterTopology(config, events)
            : new StandaloneTopology(config, events);
    }
}
