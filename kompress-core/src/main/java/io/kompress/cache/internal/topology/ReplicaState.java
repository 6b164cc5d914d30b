package io.kompress.cache.internal.topology;

import java.util.function.LongSupplier;

/**
 * What {@code INFO replication} says about a replica, reduced to the one question the prober asks: may this
 * replica serve reads again?
 *
 * <p>A replica that has just restarted answers PING at once but holds no data until its first sync with the
 * primary finishes; reading from it would turn every request into a miss, a loader call and a write to the
 * primary (a miss-and-overwrite storm). So a replica is ready when its link to the primary is up, or when no
 * sync is in progress and it holds data (the primary may be down: a replica with its last data serves reads
 * better than no node at all). A node that reports {@code role:master} (promoted, or misconfigured) is ready.
 */
record ReplicaState(boolean master, boolean linkUp, boolean syncInProgress) {

    static ReplicaState parse(String info) {
        boolean master = false;
        boolean linkUp = false;
        boolean syncing = false;
        for (String line : info.split("\r?\n")) {
            String l = line.strip();
            if (l.equals("role:master")) {
                master = true;
            } else if (l.equals("master_link_status:up")) {
                linkUp = true;
            } else if (l.equals("master_sync_in_progress:1")) {
                syncing = true;
            }
        }
        return new ReplicaState(master, linkUp, syncing);
    }

    /**
     * Why the replica may not serve reads yet.
     *
     * @param dbSize asked only when the answer depends on it
     * @return null when ready
     */
    String notReadyReason(LongSupplier dbSize) {
        if (master || linkUp) {
            return null;
        }
        if (syncInProgress) {
            return "replica is syncing with its primary";
        }
        return dbSize.getAsLong() > 0 ? null : "replica holds no data and its link to the primary is down";
    }
}
