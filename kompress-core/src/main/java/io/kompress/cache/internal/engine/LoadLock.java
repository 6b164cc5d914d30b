package io.kompress.cache.internal.engine;

import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.topology.Topology;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.params.SetParams;

/**
 * The Redis lock behind distributed single-flight: one string key per entry, set with {@code SET NX PX} to a
 * random token, so that only its holder can release it (a compare-and-delete script) and a holder that dies
 * loses it after the lease. It lives on the primary that owns the lock key; a failover that loses it only
 * lets a second JVM load too, which is the price of never waiting on a dead holder.
 */
public final class LoadLock {

    private static final String RELEASE =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private final Topology topology;

    /**
     * A lock on the topology's primaries.
     *
     * @param topology the topology
     */
    public LoadLock(Topology topology) {
        this.topology = topology;
    }

    /**
     * The lock's key: unambiguous for any key and field (the key's length separates them).
     *
     * @param key   the hash key
     * @param field the field
     * @return the lock key
     */
    public static String lockKey(String key, String field) {
        return "kompress:lock:" + key.length() + ":" + key + ":" + field;
    }

    /**
     * Takes the lock if it is free.
     *
     * @return the token to release it with, or {@code null} when another caller holds it
     * @throws KompressCacheException when the primary cannot serve the call
     */
    public String tryAcquire(String key, String field, long leaseMillis) {
        String lock = lockKey(key, field);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String token = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        String reply = topology.write("SET", lock, false,
            r -> r.set(lock, token, SetParams.setParams().nx().px(leaseMillis)));
        return "OK".equals(reply) ? token : null;
    }

    /**
     * Releases the lock if this token still holds it (a lease that ran out may have passed it on).
     *
     * @throws KompressCacheException when the primary cannot serve the call
     */
    public void release(String key, String field, String token) {
        String lock = lockKey(key, field);
        topology.write("EVAL", lock, true, r -> r.eval(RELEASE, List.of(lock), List.of(token)));
    }
}
