package io.kompress.reliability;

import com.google.gson.JsonParser;
import io.kompress.testing.RedisProcess;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Whether the cache converged on the database once the load stopped: each entry on the primary compared with the
 * database's current version of its row, again and again until none is older (deferred evictions land once the
 * primary answers) or {@value #LIMIT_MS} ms passed.
 *
 * @param entries      value fields in the hash at the last look
 * @param stale        entries holding a version older than the database's at the last look: must be 0
 * @param settleMillis from the end of the load until no entry was stale (0 when none was at the first look), or -1
 */
record Convergence(long entries, long stale, long settleMillis) {

    static final long LIMIT_MS = 20_000;
    static final String EXPIRY_PREFIX = "kompress:exp:";

    static Convergence await(RedisProcess primary, ProfileService service) throws InterruptedException {
        long start = System.nanoTime();
        boolean first = true;
        while (true) {
            long entries = 0;
            long stale = 0;
            Map<String, String> all;
            try (Jedis j = primary.connect()) {
                all = j.hgetAll(ProfileService.KEY);
            }
            for (Map.Entry<String, String> e : all.entrySet()) {
                if (e.getKey().startsWith(EXPIRY_PREFIX)) {
                    continue;
                }
                entries++;
                int stored = JsonParser.parseString(e.getValue()).getAsJsonObject().get("version").getAsInt();
                if (stored < service.version(Long.parseLong(e.getKey()))) {
                    stale++;
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (stale == 0) {
                return new Convergence(entries, 0, first ? 0 : millis);
            }
            first = false;
            if (millis > LIMIT_MS) {
                return new Convergence(entries, stale, -1);
            }
            Thread.sleep(50);
        }
    }
}
