package io.kompress.cache.observability;

import io.kompress.cache.KompressCache;
import org.jspecify.annotations.Nullable;

/**
 * One Redis node as this client sees it, for a service's health endpoint: {@link KompressCache#health()} lists
 * every node it routes to. Nothing is sent to Redis to build it; it is what the client learnt from its own calls
 * and health probes, so it is cheap to ask often. When no SLF4J binding is installed this is where an outage
 * shows: {@code reason} says why a node is out.
 *
 * @param node            the node's {@code host:port}
 * @param role            {@code primary} or {@code replica}
 * @param reachable       false when the node is marked down (a failed call or probe), true otherwise
 * @param servingReads    whether reads may go to it now (a replica in rotation; for the primary: it is up)
 * @param latencyMicros   the decaying average of its reply times in microseconds, or -1 before any reply
 * @param waiting         calls waiting in line for one of its pooled connections now
 * @param reason          why it is not serving, or {@code null} when it is
 * @param nearInvalidation how the node reports changes to the near cache now: {@code "fields"} (each write made
 *                        through Kompress drops only the fields it wrote), {@code "keys"} (every write drops the
 *                        whole hash key: in Cluster, or because the node refused {@code notify-keyspace-events}), or
 *                        {@code null} when no near-cache stream to it is live
 */
public record NodeHealth(String node, String role, boolean reachable, boolean servingReads, long latencyMicros,
                         int waiting, @Nullable String reason, @Nullable String nearInvalidation) {
}
