package io.kompress.cache.config;

import io.kompress.cache.CachePolicy;
import io.kompress.cache.observability.CacheListener;
import java.time.Duration;

/**
 * The process-wide bounds of the near cache: the in-memory copy of entries read with
 * {@link CachePolicy.Builder#nearCache()} (or {@code @HashCached(nearCache = true)}), kept coherent by Redis's own
 * invalidation messages ({@code CLIENT TRACKING}).
 *
 * <p>{@link #maxBytes()} bounds the memory the copies take, estimated from the size of their JSON (about twice
 * the JSON length plus a fixed overhead per entry); the least valuable entries are evicted first (Caffeine's
 * W-TinyLFU). {@link #heartbeat()} is how often each invalidation stream is checked with a {@code PING}: a stream
 * that does not answer within the timeout is treated as lost, which empties the near cache, so it also bounds
 * how long a silently dead connection can leave entries in memory (heartbeat plus timeout). {@link #refill()}:
 * whether the entries an invalidation of their hash key drops that were hit recently are read back in one round
 * trip (on by default; see {@link CacheListener.Event#NEAR_REFILL}).
 *
 * <p>Immutable. Set with {@code KOMPRESS_NEAR_CACHE_MAX_BYTES}, {@code KOMPRESS_NEAR_CACHE_HEARTBEAT} and
 * {@code KOMPRESS_NEAR_CACHE_REFILL} or {@link KompressConfig.Builder#nearCache(NearCacheOptions)}.
 */
public final class NearCacheOptions {

    /** Default bound: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    /** Default heartbeat interval: one second. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);

    private static final NearCacheOptions DEFAULTS = new NearCacheOptions(DEFAULT_MAX_BYTES, DEFAULT_HEARTBEAT, true);
    private static final NearCacheOptions DISABLED = new NearCacheOptions(0, DEFAULT_HEARTBEAT, true);

    private final long maxBytes;
    private final Duration heartbeat;
    private final boolean refill;

    private NearCacheOptions(long maxBytes, Duration heartbeat, boolean refill) {
        this.maxBytes = maxBytes;
        this.heartbeat = heartbeat;
        this.refill = refill;
    }

    /**
     * 64 MiB, heartbeat every second.
     *
     * @return the defaults
     */
    public static NearCacheOptions defaults() {
        return DEFAULTS;
    }

    /**
     * No near cache: policies that ask for one read from Redis every time.
     *
     * @return the options
     */
    public static NearCacheOptions disabled() {
        return DISABLED;
    }

    /**
     * A near cache bounded at {@code maxBytes}.
     *
     * @param maxBytes 0 (disabled) to 2<sup>62</sup>
     * @param heartbeat how often each invalidation stream is checked, 10 ms to one hour
     * @return the options
     * @throws IllegalArgumentException when out of range
     */
    public static NearCacheOptions of(long maxBytes, Duration heartbeat) {
        if (maxBytes < 0 || maxBytes > (1L << 62)) {
            throw new IllegalArgumentException("near cache maxBytes must be in [0, 2^62], got " + maxBytes);
        }
        ConfigChecks.millis("near cache heartbeat", heartbeat);
        if (heartbeat.compareTo(Duration.ofMillis(10)) < 0 || heartbeat.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("near cache heartbeat must be between 10 ms and 1 h, got " + heartbeat);
        }
        return new NearCacheOptions(maxBytes, heartbeat, true);
    }

    /**
     * These options with refills on or off.
     *
     * @param on whether to read back, in one round trip, the recently hit entries an invalidation drops
     * @return the options
     */
    public NearCacheOptions withRefill(boolean on) {
        return new NearCacheOptions(maxBytes, heartbeat, on);
    }

    /**
     * Whether the entries an invalidation of their hash key drops that were hit recently are read back in one
     * {@code HMGET}.
     *
     * @return true by default
     */
    public boolean refill() {
        return refill;
    }

    /**
     * The bound on the memory near-cache entries take (estimated); 0 when the near cache is off.
     *
     * @return bytes
     */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * How often each invalidation stream is checked with a {@code PING}.
     *
     * @return the interval
     */
    public Duration heartbeat() {
        return heartbeat;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NearCacheOptions n && n.maxBytes == maxBytes && n.heartbeat.equals(heartbeat)
            && n.refill == refill;
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(maxBytes) * 31 + heartbeat.hashCode()) * 31 + Boolean.hashCode(refill);
    }

    @Override
    public String toString() {
        return maxBytes > 0 ? "nearCache{maxBytes=" + maxBytes + ", heartbeat=" + heartbeat + ", refill=" + refill + "}"
            : "nearCache{off}";
    }
}
