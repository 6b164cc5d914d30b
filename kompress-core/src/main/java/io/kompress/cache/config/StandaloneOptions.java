package io.kompress.cache.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A fixed deployment: one primary that takes every write, and replicas that reads are spread across (the
 * primary serves reads when none is healthy). Configured by {@code REDIS_HOST}, {@code REDIS_PORT} and
 * {@code REDIS_REPLICAS_HOST_PORT}, or {@link KompressConfig.Builder#primary} and
 * {@link KompressConfig.Builder#replica}.
 *
 * @param primary  the primary
 * @param replicas the replicas in configuration order; may be empty
 */
public record StandaloneOptions(RedisEndpoint primary, List<RedisEndpoint> replicas) implements Deployment {

    /**
     * Checks and copies the settings.
     *
     * @param primary  the primary
     * @param replicas the replicas in configuration order; may be empty
     * @throws IllegalArgumentException when a replica is listed twice or is the primary itself
     */
    public StandaloneOptions {
        Objects.requireNonNull(primary, "primary");
        replicas = List.copyOf(replicas);
        Set<RedisEndpoint> seen = new HashSet<>();
        for (RedisEndpoint r : replicas) {
            if (!seen.add(r)) {
                throw new IllegalArgumentException("replica " + r + " is listed twice");
            }
            if (r.equals(primary)) {
                throw new IllegalArgumentException("replica " + r + " is the primary; the primary already serves "
                    + "reads when no replica can, so list replicas only");
            }
        }
    }

    @Override
    public String toString() {
        return "primary=" + primary + ", replicas=" + replicas;
    }
}
