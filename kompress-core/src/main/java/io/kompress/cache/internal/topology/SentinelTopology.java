package io.kompress.cache.internal.topology;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.internal.time.TimeSource;
import java.util.List;

/**
 * Primary and replicas as Redis Sentinel reports them: the routing, failover to the primary, probing and
 * breaker of {@link StandaloneTopology}, with the nodes replaced whenever Sentinel's answer changes. A
 * {@link SentinelWatcher} polls Sentinel, and is asked at once when the primary fails, so that after a
 * promotion writes go to the new primary and the demoted one is never written again.
 */
final class SentinelTopology extends StandaloneTopology {

    private final SentinelWatcher watcher;

    SentinelTopology(KompressConfig config, CallEvents events, TimeSource time) {
        super(config, events, time, null, List.of());
        this.watcher = new SentinelWatcher(config, this::update, time);
        watcher.start();
    }

    @Override
    void primaryFailed() {
        watcher.refreshSoon();
    }

    /** Stops the watcher (not waiting for a poll in flight, which then finds the topology closed), then the nodes. */
    @Override
    public void close() {
        watcher.close();
        super.close();
    }
}
