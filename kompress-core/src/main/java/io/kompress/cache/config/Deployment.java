package io.kompress.cache.config;

/**
 * Where the Redis nodes come from: a fixed primary with replicas ({@link StandaloneOptions}), discovered through
 * Redis Sentinel ({@link SentinelOptions}), or a Redis Cluster's slot map ({@link ClusterOptions}). Exactly one
 * applies to a cache; {@link KompressConfig#deployment()} says which, and the set of choices is closed, so a
 * {@code switch} over it needs no default.
 */
public sealed interface Deployment permits StandaloneOptions, SentinelOptions, ClusterOptions {
}
