package io.kompress.cache.internal.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                assertNull(ReplicaState.parse(j.info("replication")).notReadyReason(j::dbSize, primaryOffset));
            }
        }
    }

    @Test
    void replicaWhoseOffsetIsBehindThePrimarysIsNotReadyUntilItCatchesUp() {
        ReplicaState behind = ReplicaState.parse("# Replication\r\nrole:slave\r\nmaster_link_status:up\r\n"
            + "master_sync_in_progress:0\r\nslave_repl_offset:1000\r\n");
        assertEquals(1000, behind.offset());
        assertEquals("replica is catching up with its primary (offset 1000 of 1500)",
            behind.notReadyReason(() -> 1, 1500));
        assertNull(behind.notReadyReason(() -> 1, 1000), "caught up with what the primary had before the check");
        assertNull(behind.notReadyReason(() -> 1, -1), "primary unknown: the replica's own state decides");
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
            return ReplicaState.parse(j.info("replication")).notReadyReason(j::dbSize, -1);
        }
    }

    private static void awaitLinkDown(RedisProcess replica) throws InterruptedException {
        for (int i = 0; i < 250 && replica.info("replication").contains("master_link_status:up"); i++) {
            Thread.sleep(20);
        }
    }
}
