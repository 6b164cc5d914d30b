package io.kompress.cache.internal.topology;

import io.kompress.cache.config.ClusterOptions;
import io.kompress.cache.config.Deployment;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.SentinelOptions;
import io.kompress.cache.config.StandaloneOptions;
import io.kompress.cache.internal.time.TimeSource;

/** Creates the {@link Topology} a configuration describes. */
public final class Topologies {

    private Topologies() {
    }

    /**
     * Creates the topology; connects lazily, so an unreachable Redis does not fail this call.
     *
     * @param config the configuration
     * @param events where the topology reports served calls and failovers
     * @param time   the ticker and schedulers of probes, rediscovery and call timings
     * @return the topology
     */
    public static Topology create(KompressConfig config, CallEvents events, TimeSource time) {
        Deployment d = config.deployment();
        if (d instanceof SentinelOptions) {
            return new SentinelTopology(config, events, time);
        }
        if (d instanceof ClusterOptions) {
            return new ClusterTopology(config, events, time);
        }
        StandaloneOptions s = (StandaloneOptions) d;
        return new StandaloneTopology(config, events, time, s.primary(), s.replicas());
    }
}
