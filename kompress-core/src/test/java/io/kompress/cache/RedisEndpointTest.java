package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kompress.cache.config.RedisEndpoint;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void parsesHostPortTrimmingSpaces() {
        assertEquals(new RedisEndpoint("redis-1", 6380), RedisEndpoint.parse("  redis-1:6380 "));
    }

    @Test
    void parsesBracketedIpv6AndPrintsItBack() {
        RedisEndpoint e = RedisEndpoint.parse("[::1]:6380");
        assertEquals("::1", e.host());
        assertEquals(6380, e.port());
        assertEquals("[::1]:6380", e.toString());
    }

    @Test
    void rejectsMalformedAddresses() {
        for (String bad : new String[] {"", "host", "host:", ":6379", "[::1]6379", "[::1", "::1:6379", "h:0"}) {
            assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.parse(bad), bad);
        }
    }
}
