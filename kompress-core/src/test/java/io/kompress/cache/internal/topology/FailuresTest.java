package io.kompress.cache.internal.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.errors.CacheTimeoutException;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.errors.KompressCacheException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.exceptions.JedisException;

/** The shapes below are the ones Jedis 7 produces (see the real-process tests for the end-to-end proof). */
class FailuresTest {

    @Test
    void readTimeoutIsA504() {
        JedisConnectionException e = new JedisConnectionException(new SocketTimeoutException("Read timed out"));
        KompressCacheException mapped = Failures.map("HGET", "127.0.0.1:7000", 500, e);
        assertTrue(mapped instanceof CacheTimeoutException);
        assertEquals(504, mapped.statusCode());
        assertEquals("HGET on 127.0.0.1:7000: no answer within 500 ms", mapped.getMessage());
    }

    @Test
    void refusedConnectWithTheCauseOnlyInSuppressedIsA503() {
        JedisConnectionException e = new JedisConnectionException("Failed to connect to 127.0.0.1:7000.");
        e.addSuppressed(new ConnectException("Connection refused"));
        KompressCacheException mapped = Failures.map("HSET", "127.0.0.1:7000", 500, e);
        assertTrue(mapped instanceof CacheUnavailableException);
        assertEquals(503, mapped.statusCode());
        assertTrue(mapped.getMessage().contains("connection refused"));
    }

    @Test
    void poolExhaustionIsA503ForTheCallButNotANodeFailure() {
        JedisException e = new JedisException("Could not get a resource from the pool",
            new NoSuchElementException("Timeout waiting for idle object"));
        assertEquals(503, Failures.map("HGET", "n", 500, e).statusCode());
        assertEquals(Failures.Kind.SATURATED, Failures.classify(e));
        assertFalse(Failures.classify(e).isNodeFailure(), "a busy client says nothing about the node");
        assertTrue(Failures.map("HGET", "n", 500, e).getMessage().contains("not marked down"));
    }

    @Test
    void loadingReplicaIsUnavailableAndWorthFailingOver() {
        JedisDataException e = new JedisDataException("LOADING Redis is loading the dataset in memory");
        assertEquals(Failures.Kind.UNAVAILABLE, Failures.classify(e));
        assertTrue(Failures.classify(e).isNodeFailure());
    }

    @Test
    void commandErrorIsA500AndNotANodeFailure() {
        JedisDataException e = new JedisDataException(
            "WRONGTYPE Operation against a key holding the wrong kind of value");
        KompressCacheException mapped = Failures.map("HGET", "n", 500, e);
        assertEquals(500, mapped.statusCode());
        assertFalse(Failures.classify(e).isNodeFailure());
    }

    @Test
    void echoedArgumentsAreDroppedFromMessages() {
        JedisDataException e = new JedisDataException(
            "ERR unknown command 'FOO', with args beginning with: 'secret-value' ");
        String message = Failures.map("COMMAND", "n", 500, e).getMessage();
        assertFalse(message.contains("secret-value"), message);
        assertTrue(message.contains("ERR unknown command 'FOO'"), message);
    }

    @Test
    void causeCyclesDoNotLoop() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertEquals(Failures.Kind.OTHER, Failures.classify(a));
    }

    @Test
    void clusterRedirectsAreTheirOwnKindAndNotANodeFailure() {
        HostAndPort owner = new HostAndPort("127.0.0.1", 6381);
        for (JedisDataException e : new JedisDataException[] {
            new JedisMovedDataException("MOVED 3999 127.0.0.1:6381", owner, 3999),
            new JedisAskDataException("ASK 3999 127.0.0.1:6381", owner, 3999)}) {
            assertEquals(Failures.Kind.REDIRECT, Failures.classify(e), e.getMessage());
            assertFalse(Failures.classify(e).isNodeFailure(), e.getMessage());
            assertEquals(503, Failures.map("HGET", "n", 100, e).statusCode(), e.getMessage());
        }
        JedisDataException text = new JedisDataException("MOVED 3999 127.0.0.1:6381");
        assertEquals(Failures.Kind.OTHER, Failures.classify(text), "the kind comes from the type Jedis gives a "
            + "redirect, not from sniffing an untyped message");
    }
}
