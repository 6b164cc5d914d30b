package io.kompress.reliability;

import io.kompress.testing.DelayProxy;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.util.List;

/**
 * What a scenario's fault acts on: the Redis group and, for a scenario that slows a replica down, the delaying
 * proxy the cache reaches replica 0 through.
 *
 * @param group the primary and its replicas
 * @param proxy the proxy in front of replica 0, or null when the cache connects to it directly
 */
record Fixture(RedisGroup group, DelayProxy proxy) {

    RedisProcess primary() {
        return group.primary();
    }

    RedisProcess replica(int index) {
        return group.replica(index);
    }

    List<RedisProcess> replicas() {
        return group.replicas();
    }

    /** The proxy; fails for a scenario that has none. */
    DelayProxy delay() {
        if (proxy == null) {
            throw new IllegalStateException("this scenario does not put a proxy in front of replica 0");
        }
        return proxy;
    }
}
