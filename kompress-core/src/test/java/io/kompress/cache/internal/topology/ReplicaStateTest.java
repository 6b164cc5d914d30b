package io.kompress.cache.internal.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The prober's readiness rule for replicas, checked against what real replicas report. */
class ReplicaStateTest {

    @Test
    void replicaInSyncIsReady() {
        try (RedisGroup g = RedisGroup.start(1)) {
            try (Jedis p = g.primary().connect()) {
                p.hset("k", "f", "v");
            }
            g.awaitReplication();
            long primaryOffset;
            try (Jedis p = g.primary().connect()) {
                primaryOffset = ReplicaState.primaryOffset(p.info("replication"));
            }
            assertTrue(primaryOffset > 0);
            try (Jedis j = g.replica(0).connect()) {
                assertNull(ReplicaState.parse(j.info("replication")).readiness(j::dbSize, primaryOffset).reason());
            }
        }
    }

    @Test
    void replicaWhoseOffsetIsBehindThePrimarysIsNotReadyUntilItCatchesUp() {
        ReplicaState behind = ReplicaState.parse("# Replication\r\nrole:slave\r\nmaster_link_status:up\r\n"
            + "master_sync_in_progress:0\r\nslave_repl_offset:1000\r\n");
        assertEquals(1000, behind.offset());
        Readiness lagging = behind.readiness(() -> 1, 1500);
        assertEquals("replica is catching up with its primary (offset 1000 of 1500)", lagging.reason());
        assertEquals(1500, lagging.catchUpTo(), "the next probe compares with the offset this one saw");
        assertTrue(behind.readiness(() -> 1, 1000).ready(), "caught up with what the primary had before the check");
        assertTrue(behind.readiness(() -> 1, -1).ready(), "primary unknown: the replica's own state decides");
        assertFalse(ReplicaState.parse("role:slave\r\nmaster_link_status:down\r\nmaster_sync_in_progress:1\r\n")
            .readiness(() -> 1, 1500).catchingUp(), "a replica still syncing is backed off, not rechecked at once");
    }

    @Test
    void replicaKeepingItsDataWhileThePrimaryIsDownIsReady() throws Exception {
        try (RedisGroup g = RedisGroup.start(1)) {
            try (Jedis p = g.primary().connect()) {
                p.hset("k", "f", "v");
            }
            g.awaitReplication();
            g.primary().kill();
            awaitLinkDown(g.replica(0));
            assertNull(notReadyReason(g.replica(0)), "stale data beats no node at all");
        }
    }

    @Test
    void restartedEmptyReplicaWithoutItsPrimaryIsNotReady() throws Exception {
        try (RedisGroup g = RedisGroup.start(1)) {
            g.primary().kill();
            g.replica(0).restart();
            assertEquals("replica holds no data and its link to the primary is down", notReadyReason(g.replica(0)));
        }
    }

    @Test
    void primaryIsReady() {
        try (RedisProcess p = RedisProcess.start()) {
            assertNull(notReadyReason(p));
        }
    }

    private static String notReadyReason(RedisProcess node) {
        try (Jedis j = node.connect()) {
            return ReplicaState.parse(j.info("replication")).readiness(j::dbSize, -1).reason();
        }
    }

    private static void awaitLinkDown(RedisProcess replica) throws InterruptedException {
        for (int i = 0; i < 250 && replica.info("replication").contains("master_link_status:up"); i++) {
            Thread.sleep(20);
        }
    }
}
