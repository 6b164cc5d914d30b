package io.kompress.cache.internal.engine;

import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.near.NearCache;
import io.kompress.cache.internal.topology.CallEvents;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.observability.CacheListener;
import io.kompress.cache.observability.CacheListener.Event;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Fans events out to the cache's listeners, the built-in {@link StatsRecorder} first. A listener that throws
 * is logged (once per listener) and skipped; it never fails the cache call.
 */
final class Events implements CallEvents {

    private final StatsRecorder stats = new StatsRecorder();
    private volatile CacheListener[] listeners = {stats};
    private volatile CacheListener warned;
    private volatile NearCache near;
    private volatile NearRefill refill;
    private final AtomicBoolean fieldRefusalWarned = new AtomicBoolean();

    /** The near cache reports go to, or null. */
    NearCache near() {
        return near;
    }

    /** Sends invalidation and flush reports of the topology to {@code cache} from now on. */
    void nearCache(NearCache cache) {
        this.near = cache;
    }

    /** Reads back the hot entries each reported invalidation drops, from now on. */
    void nearRefill(NearRefill refill) {
        this.refill = refill;
    }

    StatsRecorder stats() {
        return stats;
    }

    synchronized void add(CacheListener listener) {
        CacheListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
        next[listeners.length] = listener;
        listeners = next;
    }

    synchronized boolean remove(CacheListener listener) {
        CacheListener[] now = listeners;
        for (int i = 1; i < now.length; i++) { // index 0 is the stats recorder, which stays
            if (now[i] == listener) {
                CacheListener[] next = new CacheListener[now.length - 1];
                System.arraycopy(now, 0, next, 0, i);
                System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                listeners = next;
                return true;
            }
        }
        return false;
    }

    void lookup(String key, CacheListener.Lookup outcome) {
        for (CacheListener l : listeners) {
            try {
                l.onLookup(key, outcome);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    void load(String key, CacheListener.Load outcome, long nanos) {
        for (CacheListener l : listeners) {
            try {
                l.onLoad(key, outcome, nanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    void refresh(String key, boolean succeeded) {
        event(key, succeeded ? Event.REFRESHED : Event.REFRESH_FAILED, 1);
    }

    /** A counted event; loops directly (no lambda), as a near miss is on the hot path. */
    void event(String key, Event event, long count) {
        for (CacheListener l : listeners) {
            try {
                l.onEvent(key, event, count);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    void error(String key, KompressCacheException error) {
        each(l -> l.onError(key, error));
    }

    void writeBackRefused(String key) {
        event(key, Event.WRITE_BACK_REFUSED, 1);
    }

    void swept(String key, long removed) {
        event(key, Event.SWEPT, removed);
    }

    @Override
    public void served(String key, String operation, boolean replica, long nanos) {
        if (operation == PROBE) {
            return; // the cache's own feature detection, not user traffic
        }
        CacheListener.Role role = replica ? CacheListener.Role.REPLICA : CacheListener.Role.PRIMARY;
        for (CacheListener l : listeners) {
            try {
                l.onRedisCall(key, operation, role, nanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void failedOver(String key, String node) {
        event(key, Event.REPLICA_FAILOVER, 1);
    }

    @Override
    public void poolWaited(String key, String node, long nanos, boolean entered) {
        each(l -> l.onPoolWait(key, node, nanos, !entered));
    }

    void nearMiss(String key) {
        event(key, Event.NEAR_MISS, 1);
    }

    /** Drops the entries of {@code key} and hands the recently hit ones to the refill, when there is one. */
    @Override
    public void invalidated(String key) {
        NearCache n = near;
        NearRefill r = refill;
        if (n != null) {
            List<NearCache.Held> hot = n.invalidate(key, r == null ? 0 : NearRefill.MAX_FIELDS);
            event(key, Event.NEAR_INVALIDATION, 1);
            if (r != null) {
                r.dropped(key, hot);
            }
        }
    }

    @Override
    public void fieldsWritten(String node, String key, String stamp, List<String> fields) {
        NearCache n = near;
        if (n != null) {
            NearRefill r = refill;
            List<NearCache.Held> hot = n.fieldsWritten(node, key, stamp, fields, r == null ? 0 : NearRefill.MAX_FIELDS);
            event(key, Event.NEAR_INVALIDATION, 1);
            if (r != null) {
                r.dropped(key, hot);
            }
        }
    }

    @Override
    public void fieldInvalidationRefused(String node, String reason) {
        stats.nearKeyFallback();
        if (fieldRefusalWarned.compareAndSet(false, true)) {
            Log.LOG.warn("Near cache: {} refused field-granular invalidation ({}); its stream drops every entry of a "
                + "hash key on each write to it. Enable keyspace events on the server ({} KA, see "
                + "docs/guides/NEAR-CACHE.md) to drop only the written fields", node, reason, "notify-keyspace-events");
        }
    }

    /** A refill kept {@code entries} entries of {@code key} again. */
    void nearRefilled(String key, int entries) {
        event(key, Event.NEAR_REFILL, entries);
    }

    @Override
    public void trackingLost(String node, String reason) {
        NearCache n = near;
        if (n != null && n.inUse()) {
            n.flush(node + ": " + reason);
            event(null, Event.NEAR_FLUSH, 1);
        }
    }

    /** The near cache was cleared by a user. */
    void nearCleared() {
        NearCache n = near;
        if (n != null) {
            n.clear();
            event(null, Event.NEAR_FLUSH, 1);
        }
    }

    /** For the rare events; the per-call ones above loop directly so that no lambda is allocated. */
    private void each(Consumer<CacheListener> event) {
        for (CacheListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    private void failed(CacheListener listener, RuntimeException e) {
        if (warned != listener) {
            warned = listener;
            Log.LOG.warn("Cache listener {} threw; its events are skipped, the cache call goes on", listener, e);
        }
    }
}
