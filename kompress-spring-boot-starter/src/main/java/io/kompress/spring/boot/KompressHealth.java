package io.kompress.spring.boot;

import io.kompress.cache.observability.NodeHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the health indicators (one per Boot line) report, from {@code KompressCache.health()}, which sends nothing to
 * Redis: up while a primary is reachable (replicas down only take reads elsewhere), down otherwise, with each node's
 * role, state, latency and reason as details.
 */
final class KompressHealth {

    private KompressHealth() {
    }

    static boolean up(List<NodeHealth> nodes) {
        return nodes.stream().anyMatch(n -> "primary".equals(n.role()) && n.reachable());
    }

    static Map<String, Object> details(List<NodeHealth> nodes) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (NodeHealth n : nodes) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("role", n.role());
            node.put("reachable", n.reachable());
            node.put("servingReads", n.servingReads());
            node.put("latencyMicros", n.latencyMicros());
            node.put("waiting", n.waiting());
            if (n.reason() != null) {
                node.put("reason", n.reason());
            }
            if (n.nearInvalidation() != null) {
                node.put("nearInvalidation", n.nearInvalidation());
            }
            details.put(n.node(), node);
        }
        return details;
    }
}
