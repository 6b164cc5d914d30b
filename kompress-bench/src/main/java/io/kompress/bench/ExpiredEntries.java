package io.kompress.bench;

import io.kompress.cache.config.RedisEndpoint;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Writes read-through entries that expired an hour ago straight into a hash on the primary, in the format the
 * cache writes on servers without field expiry (a value field and a {@code kompress:exp:} field), and waits until
 * both replicas have them.
 */
final class ExpiredEntries {

    private static final String EXPIRY_PREFIX = "kompress:exp:";
    private static final int BATCH = 5_000;

    private ExpiredEntries() {
    }

    static void fill(String hash, int count) {
        RedisEndpoint primary = BenchRedis.primary();
        String expiredAt = Long.toString(System.currentTimeMillis() - 3_600_000);
        String json = "{\"id\":1}";
        try (Jedis j = new Jedis(primary.host(), primary.port())) {
            Pipeline p = j.pipelined();
            for (int i = 0; i < count; i++) {
                String field = "e" + i;
                p.hset(hash, field, json);
                p.hset(hash, EXPIRY_PREFIX + field, expiredAt);
                if (i % BATCH == BATCH - 1) {
                    p.sync();
                }
            }
            p.sync();
            j.waitReplicas(2, 10_000);
        }
    }
}
