package io.kompress.spring.boot;

import io.kompress.cache.CachePolicy;
import io.kompress.cache.config.FailurePolicy;
import io.kompress.spring.CacheSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@link KompressProperties} into what the library already knows how to read, so that a property and its
 * variable follow one set of rules and error messages: the Redis settings become the {@code REDIS_*} and
 * {@code KOMPRESS_*} variables they stand for (over the process environment), each cache's settings a
 * {@link CacheSettings}.
 */
final class PropertyVariables {

    private PropertyVariables() {
    }

    /** The environment with every property that is set written over its variable. */
    static Map<String, String> variables(KompressProperties p, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        put(env, "REDIS_HOST", p.host());
        put(env, "REDIS_PORT", p.port());
        putList(env, "REDIS_REPLICAS_HOST_PORT", p.replicas());
        put(env, "REDIS_TIMEOUT", p.timeout() == null ? null : seconds(p.timeout()));
        put(env, "KOMPRESS_POOL_SIZE", p.poolSize());
        put(env, "KOMPRESS_FAILURE_POLICY", p.failurePolicy());
        put(env, "REDIS_USERNAME", p.username());
        put(env, "REDIS_PASSWORD", p.password());
        put(env, "REDIS_SSL", p.ssl());
        putList(env, "REDIS_SENTINELS", p.sentinels());
        put(env, "REDIS_SENTINEL_MASTER", p.sentinelMaster());
        putList(env, "REDIS_CLUSTER_NODES", p.clusterNodes());
        put(env, "REDIS_CLUSTER_READ_FROM_REPLICAS", p.clusterReadFromReplicas());
        put(env, "KOMPRESS_NEAR_CACHE_MAX_BYTES", p.nearCacheMaxBytes());
        return env;
    }

    /** One cache's settings; a bad value fails naming its property. */
    static CacheSettings settings(String name, KompressProperties.CacheProperties c) {
        String prefix = "kompress.caches." + name + ".";
        CachePolicy.Builder b = CachePolicy.builder();
        try {
            if (c.ttl() != null) {
                b.ttl(c.ttl());
            }
            if (c.jitter() != 0) {
                b.jitter(c.jitter());
            }
            if (c.cacheNulls() != null) {
                b.cacheNulls(c.cacheNulls());
            }
            if (c.staleIfError() != null) {
                b.staleIfError(c.staleIfError());
            }
            if (c.refreshAhead() != 0) {
                b.refreshAhead(c.refreshAhead());
            }
            if (c.nearCache()) {
                b.nearCache();
            }
            if (c.failurePolicy() != null) {
                b.failurePolicy(failurePolicy(prefix + "failure-policy", c.failurePolicy()));
            }
            return new CacheSettings(c.model(), b.build());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid " + prefix + "*: " + e.getMessage(), e);
        }
    }

    private static FailurePolicy failurePolicy(String property, String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (FailurePolicy p : FailurePolicy.values()) {
            if (p.name().equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException(property + "='" + value + "': expected fail_open or throw");
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    private static void put(Map<String, String> env, String name, @Nullable Object value) {
        if (value != null) {
            env.put(name, value.toString());
        }
    }

    private static void putList(Map<String, String> env, String name, List<String> values) {
        if (!values.isEmpty()) {
            env.put(name, String.join(",", values));
        }
    }
}
