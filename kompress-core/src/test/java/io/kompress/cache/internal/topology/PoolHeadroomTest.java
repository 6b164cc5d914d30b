package io.kompress.cache.internal.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.RedisEndpoint;
import io.kompress.cache.internal.time.SystemTime;
import io.kompress.testing.RedisProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.Pool;

/**
 * A caller holding one of a node's permits always gets a connection from the pool behind them, whatever borrows
 * outside the permits. Health probes and readiness checks do; so, in effect, does a connection still being closed
 * after a reset. With the pool sized exactly to the permits, such a borrower left a permit holder waiting inside the
 * pool for the whole timeout and failing with "client saturated" (seen in the fault matrix's reset storm).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoolHeadroomTest {

    private static RedisProcess redis;

    @BeforeAll
    static void start() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    private static Node node(int poolSize) {
        KompressConfig config = KompressConfig.builder().primary(redis.host(), redis.port()).poolSize(poolSize)
            .timeout(Duration.ofMillis(300)).build();
        return new Node(new RedisEndpoint(redis.host(), redis.port()), "primary", config, false, false,
            CallEvents.NONE, SystemTime.INSTANCE);
    }

    private static Pool<Connection> pool(Node node) {
        return ((RedisClient) node.client()).getPool();
    }

    @Test
    void everyPermitHolderGetsAConnectionWhileProbesHoldSomeOutsideThePermits() {
        int poolSize = 2;
        Node node = node(poolSize);
        try {
            // What a probe or readiness check does while the callers' permits are all taken: as many as the permits.
            Connection[] outside = new Connection[poolSize];
            for (int i = 0; i < poolSize; i++) {
                outside[i] = pool(node).getResource();
            }
            Connection[] inFlight = new Connection[poolSize];
            try {
                for (int i = 0; i < poolSize; i++) {
                    assertTrue(node.tryEnter(), "permit " + i);
                    inFlight[i] = pool(node).getResource(); // each holder's call, all at once
                    assertTrue(inFlight[i].ping(), "the call of permit holder " + i);
                }
            } finally {
                for (Connection c : outside) {
                    c.close();
                }
                for (Connection c : inFlight) {
                    if (c != null) {
                        c.close();
                        node.exit();
                    }
                }
            }
        } finally {
            node.close();
        }
    }

    @Test
    void thePermitsStillBoundTheCallsInFlight() {
        Node node = node(2);
        try {
            assertTrue(node.tryEnter());
            assertTrue(node.tryEnter());
            assertEquals(false, node.tryEnter(), "a third caller waits in line: the pool's headroom is not for calls");
            node.exit();
            node.exit();
        } finally {
            node.close();
        }
    }
}
