package io.kompress.cache.internal.topology;

import java.util.List;

/**
 * What a {@link Topology} reports about the calls it routes: which role served each successful call, and
 * which reads failed over from a replica. The cache turns these into statistics and listener events.
 */
public interface CallEvents {

    /** The operation name of the cache's own probes (such as feature detection), which are not user traffic. */
    String PROBE = "PROBE";

    /** Reports nothing. */
    CallEvents NONE = new CallEvents() {
    };

    /**
     * A call succeeded.
     *
     * @param key       the hash key, or {@code null}
     * @param operation the command
     * @param replica   whether a replica served it
     * @param nanos     how long it took
     */
    default void served(String key, String operation, boolean replica, long nanos) {
    }

    /**
     * A replica failed a read, which goes to the primary next.
     *
     * @param key  the hash key, or {@code null}
     * @param node the replica
     */
    default void failedOver(String key, String node) {
    }

    /**
     * A call found every pooled connection to a node busy and waited in line for one.
     *
     * @param key     the hash key, or {@code null}
     * @param node    the node
     * @param nanos   how long it waited
     * @param entered true when a connection came free in time, false when the call gave up (503)
     */
    default void poolWaited(String key, String node, long nanos, boolean entered) {
    }

    /**
     * A node reported that {@code key} changed (written, deleted, expired): near-cache entries of it are stale.
     *
     * @param key the hash key
     */
    default void invalidated(String key) {
    }

    /**
     * A node reported applying a write made through Kompress (by this instance or another) of {@code fields} of
     * {@code key}, and nothing else changed the key with it (see {@code WriteAttribution}).
     *
     * @param node   the node
     * @param key    the hash key
     * @param stamp  the write's stamp
     * @param fields the fields it wrote or deleted
     */
    default void fieldsWritten(String node, String key, String stamp, List<String> fields) {
    }

    /**
     * A node refused what field-granular invalidation needs; its stream reports whole keys.
     *
     * @param node   the node
     * @param reason what it refused
     */
    default void fieldInvalidationRefused(String node, String reason) {
    }

    /**
     * A node's invalidation stream may have missed a report (its connection failed, a heartbeat went unanswered,
     * the node flushed or resynchronised), or the nodes serving reads changed: nothing the near cache holds can be
     * trusted any more.
     *
     * @param node   the node, or the topology, that caused it
     * @param reason why, for logs
     */
    default void trackingLost(String node, String reason) {
    }
}
