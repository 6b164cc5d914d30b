package io.kompress.cache.internal.topology;

import org.jspecify.annotations.Nullable;

/**
 * What one probe found about a node: ready, or why not — and, for a replica whose link is up but which has not yet
 * applied everything the primary had when it was probed, the primary offset it must reach. Such a replica answers
 * and is moments from ready, so the prober checks it again at the initial delay against that same offset instead
 * of backing off: under steady writes the primary's offset moves on between any two reads, and a replica compared
 * with a fresh offset each time could chase it for many back-off periods.
 *
 * @param reason    null when the node may serve again
 * @param catchUpTo the primary offset a lagging replica must reach, or -1
 */
record Readiness(@Nullable String reason, long catchUpTo) {

    static final Readiness READY = new Readiness(null, -1);

    static Readiness notReady(String reason) {
        return new Readiness(reason, -1);
    }

    boolean ready() {
        return reason == null;
    }

    boolean catchingUp() {
        return catchUpTo >= 0;
    }
}
