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
 * A replica whose link is up must also have caught up: its replication offset at least the primary's, read just
 * before, so that a replica resumed after a pause does not serve what it has not applied yet.
 */
record ReplicaState(boolean master, boolean linkUp, boolean syncInProgress, long offset) {

    static ReplicaState parse(String info) {
        boolean master = false;
        boolean linkUp = false;
        boolean syncing = false;
        long offset = -1;
        for (String line : info.split("\r?\n")) {
            String l = line.strip();
            if (l.equals("role:master")) {
                master = true;
            } else if (l.equals("master_link_status:up")) {
                linkUp = true;
            } else if (l.equals("master_sync_in_progress:1")) {
                syncing = true;
            } else if (l.startsWith("slave_repl_offset:")) {
                offset = number(l.substring("slave_repl_offset:".length()));
            }
        }
        return new ReplicaState(master, linkUp, syncing, offset);
    }

    /** The primary's {@code master_repl_offset} in its {@code INFO replication}, or -1. */
    static long primaryOffset(String info) {
        for (String line : info.split("\r?\n")) {
            String l = line.strip();
            if (l.startsWith("master_repl_offset:")) {
                return number(l.substring("master_repl_offset:".length()));
            }
        }
        return -1;
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether the replica may serve reads yet, and when it is only behind, the offset it must reach.
     *
     * @param dbSize        asked only when the answer depends on it
     * @param primaryOffset the primary's replication offset, read before this state; -1 when unknown
     * @return the readiness; {@link Readiness#catchingUp()} when the link is up and the offset is behind
     */
    Readiness readiness(LongSupplier dbSize, long primaryOffset) {
        if (master) {
            return Readiness.READY;
        }
        if (linkUp) {
            return offset >= 0 && primaryOffset > offset
                ? new Readiness("replica is catching up with its primary (offset " + offset + " of " + primaryOffset
                    + ")", primaryOffset)
                : Readiness.READY;
        }
        if (syncInProgress) {
            return Readiness.notReady("replica is syncing with its primary");
        }
        return dbSize.getAsLong() > 0 ? Readiness.READY
            : Readiness.notReady("replica holds no data and its link to the primary is down");
    }
}
