package io.kompress.spring.boot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code kompress.*} properties. Each Redis setting is the property form of a {@code REDIS_*} or
 * {@code KOMPRESS_*} variable (docs/guides/CONFIGURATION.md), read with the same rules and error messages: a property
 * set here wins over the variable, a variable set in the environment still applies. Per-cache settings
 * ({@code kompress.caches.<name>.*}) give each Spring cache its model and policy.
 *
 * @param host                    primary host (REDIS_HOST)
 * @param port                    primary port (REDIS_PORT)
 * @param replicas                replicas as host:port (REDIS_REPLICAS_HOST_PORT)
 * @param timeout                 connect, command and pool wait timeout (REDIS_TIMEOUT)
 * @param poolSize                pooled connections per node (KOMPRESS_POOL_SIZE)
 * @param failurePolicy           fail_open or throw when Redis cannot serve a lookup (KOMPRESS_FAILURE_POLICY)
 * @param username                ACL user (REDIS_USERNAME)
 * @param password                password (REDIS_PASSWORD); never logged
 * @param ssl                     TLS to every node (REDIS_SSL)
 * @param sentinels               Sentinels as host:port (REDIS_SENTINELS)
 * @param sentinelMaster          the master name the Sentinels monitor (REDIS_SENTINEL_MASTER)
 * @param clusterNodes            seed nodes of a Redis Cluster as host:port (REDIS_CLUSTER_NODES)
 * @param clusterReadFromReplicas Cluster reads from the slots' replicas (REDIS_CLUSTER_READ_FROM_REPLICAS)
 * @param nearCacheMaxBytes       estimated memory of the near cache, 0 for none (KOMPRESS_NEAR_CACHE_MAX_BYTES)
 * @param dynamicCaches           whether a cache name not under kompress.caches gets a cache without expiry (true)
 *                                or fails at once (false)
 * @param caches                  each cache's model and policy, by cache name (the Redis hash key)
 */
@ConfigurationProperties("kompress")
public record KompressProperties(@Nullable String host, @Nullable Integer port, @DefaultValue List<String> replicas,
                                 @Nullable Duration timeout, @Nullable Integer poolSize,
                                 @Nullable String failurePolicy, @Nullable String username,
                                 @Nullable String password, @Nullable Boolean ssl,
                                 @DefaultValue List<String> sentinels, @Nullable String sentinelMaster,
                                 @DefaultValue List<String> clusterNodes, @Nullable Boolean clusterReadFromReplicas,
                                 @Nullable Long nearCacheMaxBytes, @DefaultValue("true") boolean dynamicCaches,
                                 @DefaultValue Map<String, CacheProperties> caches) {

    /**
     * One cache's model and policy.
     *
     * @param model         the values' class; unset to take each {@code @Cacheable} method's return type
     * @param ttl           time to live of an entry; unset for none
     * @param jitter        fraction of the TTL taken off at random per entry, in [0, 1)
     * @param cacheNulls    how long a null result is remembered; unset to cache no nulls
     * @param staleIfError  how long past its expiry an entry may answer when the method fails
     * @param refreshAhead  last fraction of the TTL in which a hit reloads in the background, in (0, 1); 0 for off
     * @param nearCache     keep hot entries in this JVM's memory, kept coherent by Redis
     * @param failurePolicy fail_open or throw when Redis cannot serve a lookup; unset for kompress.failure-policy
     */
    public record CacheProperties(@Nullable Class<?> model, @Nullable Duration ttl, double jitter,
                                  @Nullable Duration cacheNulls, @Nullable Duration staleIfError,
                                  double refreshAhead, boolean nearCache, @Nullable String failurePolicy) {
    }
}
