package io.kompress.cache.config;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one place where the rules about combining deployments live, for the builder and the environment alike:
 * at most one of standalone, Sentinel and Cluster, and standalone on {@code localhost:6379} when none is set.
 */
final class DeploymentChoice {

    private DeploymentChoice() {
    }

    static Deployment of(@Nullable RedisEndpoint primary, List<RedisEndpoint> replicas,
                         @Nullable SentinelOptions sentinel, @Nullable ClusterOptions cluster) {
        boolean standalone = primary != null || !replicas.isEmpty();
        if (sentinel != null && cluster != null) {
            throw new IllegalArgumentException("Sentinel (REDIS_SENTINELS, sentinel(...)) and Cluster "
                + "(REDIS_CLUSTER_NODES, cluster(...)) are two deployments; configure one");
        }
        if ((sentinel != null || cluster != null) && standalone) {
            throw new IllegalArgumentException("with " + (sentinel != null ? "Sentinel (REDIS_SENTINELS, "
                + "sentinel(...))" : "Cluster (REDIS_CLUSTER_NODES, cluster(...))") + " the nodes are discovered; "
                + "do not also set a primary or replicas (REDIS_HOST, REDIS_PORT, REDIS_REPLICAS_HOST_PORT, "
                + "primary(...), replica(...))");
        }
        if (sentinel != null) {
            return sentinel;
        }
        if (cluster != null) {
            return cluster;
        }
        return new StandaloneOptions(primary != null ? primary
            : new RedisEndpoint(KompressConfig.DEFAULT_HOST, KompressConfig.DEFAULT_PORT), replicas);
    }
}
