package io.kompress.cache.internal.topology;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/**
 * Makes a node's pooled connections and stamps each with the generation it was opened in. Once a call finds a
 * broken connection ({@link #broke}), every connection opened before is refused when next borrowed, without a
 * round trip: after a restart or a reset storm, a retry gets a fresh connection rather than another dead one,
 * including a connection another caller returns to the pool after the break was seen.
 *
 * <p>Validation on borrow checks the stamp and the socket only (Jedis' own validation sends a PING per borrow).
 */
final class StampedConnections extends ConnectionFactory {

    /** A pooled connection and the generation it was opened in. */
    private static final class Stamped extends DefaultPooledObject<Connection> {
        private final long generation;

        Stamped(Connection connection, long generation) {
            super(connection);
            this.generation = generation;
        }
    }

    private final AtomicLong generation = new AtomicLong();

    StampedConnections(HostAndPort endpoint, JedisClientConfig config) {
        super(endpoint, config);
    }

    @Override
    public PooledObject<Connection> makeObject() throws Exception {
        Connection fresh = super.makeObject().getObject();
        // Stamped once connected: a socket opened while a break was being recorded is new, so it is trusted.
        return new Stamped(fresh, generation.get());
    }

    @Override
    public boolean validateObject(PooledObject<Connection> pooled) {
        Connection c = pooled.getObject();
        return pooled instanceof Stamped s && s.generation == generation.get() && c.isConnected() && !c.isBroken();
    }

    /** Records that a connection was found broken: every connection opened until now is refused from now on. */
    void broke() {
        generation.incrementAndGet();
    }
}
