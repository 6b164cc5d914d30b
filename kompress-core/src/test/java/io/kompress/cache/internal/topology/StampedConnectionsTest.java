package io.kompress.cache.internal.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.kompress.testing.RedisProcess;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;

/**
 * Against a real redis-server: once a broken connection is reported, no connection opened before it is handed
 * out again, including one another caller returns to the pool afterwards; connections opened after it are.
 */
class StampedConnectionsTest {

    private static GenericObjectPool<Connection> pool(StampedConnections factory) {
        GenericObjectPoolConfig<Connection> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(4);
        config.setTestOnBorrow(true);
        config.setJmxEnabled(false);
        return new GenericObjectPool<>(factory, config);
    }

    @Test
    void connectionsOpenedBeforeABreakAreNeverBorrowedAgain() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            StampedConnections factory = new StampedConnections(new HostAndPort("127.0.0.1", redis.port()),
                DefaultJedisClientConfig.builder().build());
            try (GenericObjectPool<Connection> pool = pool(factory)) {
                Connection idle = pool.borrowObject();
                Connection inUse = pool.borrowObject();
                pool.returnObject(idle);
                assertSame(idle, pool.borrowObject(), "before any break, an idle connection is reused");
                pool.returnObject(idle);

                factory.broke();
                pool.returnObject(inUse); // a caller that was using it when the break was seen
                Connection next = pool.borrowObject();
                assertNotSame(idle, next, "the idle connection opened before the break is refused");
                assertNotSame(inUse, next, "so is the one returned after the break");
                assertEquals(1, pool.getNumActive());
                assertEquals(0, pool.getNumIdle(), "both old connections were closed");
                assertEquals(2, pool.getDestroyedByBorrowValidationCount());
                next.ping();
                pool.returnObject(next);
                assertSame(next, pool.borrowObject(), "a connection opened after the break is reused");
            }
        }
    }
}
